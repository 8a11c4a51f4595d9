using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.WireMock;

/// <summary>The mapping files themselves (no server needed): well-formed, documented, under the right prefix, counted in the README.</summary>
public sealed class MappingFileTests
{
    public static TheoryData<string> Mappings => MappingCatalog.Names();

    [Fact]
    public void Every_provider_has_mappings_in_its_own_folder()
    {
        MappingCatalog.All.Select(m => m.Provider).Distinct().Should().BeEquivalentTo(
            Enum.GetValues<SupportBotProvider>().Select(ProviderPrefixes.Folder));
        MappingCatalog.All.Select(m => (string)m.Json["id"]!).Should().OnlyHaveUniqueItems();
        MappingCatalog.All.Select(m => m.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Mapping_is_well_formed_and_names_its_source(string name)
    {
        var m = MappingCatalog.Get(name);
        var provider = Enum.GetValues<SupportBotProvider>().Single(p => ProviderPrefixes.Folder(p) == m.Provider);
        var prefix = "/" + ProviderPrefixes.For(provider);

        m.Name.Should().StartWith(m.Provider + "/");
        Guid.TryParse((string?)m.Json["id"], out _).Should().BeTrue("WireMock mapping ids are UUIDs");
        ((int?)m.Json["priority"]).Should().NotBeNull();
        var request = m.Json["request"]!.AsObject();
        var url = (string?)(request["url"] ?? request["urlPath"] ?? request["urlPathPattern"] ?? request["urlPattern"]);
        url.Should().StartWith(prefix, "every mapping lives under its provider's prefix from docs/contract-fixtures.md");
        ((string?)request["method"]).Should().NotBeNullOrEmpty();

        var source = m.Metadata["source"]!.AsObject();
        ((string?)m.Metadata["provider"]).Should().Be(provider.ToString());
        ((string?)source["document"]).Should().NotBeNullOrWhiteSpace();
        ((string?)source["file"]).Should().StartWith("shared/seeds/");
        ((string?)source["section"]).Should().NotBeNullOrWhiteSpace();
        ((string?)m.Example["url"]).Should().StartWith(prefix);

        m.Status.Should().BeOneOf(200, 202, 400, 401, 403, 404, 429, 500, 503);
        m.ResponseBody.Should().BeOfType<JsonObject>("every documented response is a JSON object");
        if (m.Status >= 400)
        {
            m.Name.Should().Contain("error-" + m.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Readme_counts_match_the_mapping_files()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.WireMockContracts, "README.md"));
        foreach (var group in MappingCatalog.All.GroupBy(m => m.Provider))
        {
            readme.Should().Contain($"| `{group.Key}/mappings/` | {group.Count()} |", "the README's mapping count table must be up to date");
        }

        readme.Should().Contain($"| **total** | **{MappingCatalog.All.Count}** |");
    }
}

/// <summary>Each mapping's metadata.example, sent to WireMock, is matched by that very mapping.</summary>
[Collection(WireMockCollection.Name)]
public sealed class MappingSelfTests(WireMockFixture wireMock) : IAsyncLifetime
{
    public static TheoryData<string> Mappings => MappingCatalog.Names();

    public Task InitializeAsync() => wireMock.ResetJournalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Example_request_hits_its_own_mapping_on_WireMock(string name)
    {
        var m = MappingCatalog.Get(name);
        using var request = m.CreateExampleRequest(wireMock.BaseAddress);
        using var response = await wireMock.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(m.Status, body);
        JsonNode.DeepEquals(JsonNode.Parse(body), m.ResponseBody).Should().BeTrue();
        var journal = await wireMock.GetJournalAsync();
        journal.Should().ContainSingle().Which.MappingName.Should().Be(m.Name, "the example must be matched by this very mapping, not by a neighbour");
    }
}

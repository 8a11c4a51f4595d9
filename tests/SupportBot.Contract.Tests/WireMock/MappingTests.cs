using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.Client.Testing;
using SupportBot.Contract.Tests.Infrastructure;
using WireMock.Server;

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
        source.Select(p => p.Key).Should().BeEquivalentTo(["document", "section"],
            "a mapping names its source by document title and section only: a file path means nothing to a consumer of the package");
        ((string?)source["document"]).Should().NotBeNullOrWhiteSpace();
        ((string?)source["section"]).Should().NotBeNullOrWhiteSpace();
        var metadata = m.Metadata.ToJsonString();
        metadata.Should().NotContainAny(["shared/", "seeds/", "src/", ".txt", ".cs"], "metadata must not point at files outside the mapping");
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

    [Fact]
    public void The_testing_package_embeds_exactly_these_files()
    {
        SupportBotContracts.All.Select(m => (m.Provider.ToString().ToLowerInvariant(), m.Name, m.Json))
            .Should().BeEquivalentTo(MappingCatalog.All.Select(m => (m.Provider, m.Name, File.ReadAllText(m.File))),
                "SupportBot.Client.Testing embeds contracts/wiremock/*/mappings/*.json as they are: one source of truth");
    }
}

/// <summary>Every mapping converts to WireMock.Net, and its metadata.example, sent to WireMock.Net, is served by that very mapping.</summary>
[Collection(WireMockCollection.Name)]
public sealed class MappingSelfTests(WireMockFixture wireMock)
{
    public static TheoryData<string> Mappings => MappingCatalog.Names();

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Mapping_loads_into_WireMock_Net_on_its_own(string name)
    {
        using var server = WireMockServer.Start(new global::WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        var mapping = SupportBotContracts.All.Single(m => m.Name == name);

        SupportBotContracts.AddTo(server, [mapping]);

        server.Mappings.Should().ContainSingle(m => m.Guid == mapping.Id).Which.Title.Should().Be(name);
    }

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Example_request_hits_its_own_mapping_on_WireMock_Net(string name)
    {
        wireMock.ResetJournal();
        var m = SupportBotContracts.All.Single(c => c.Name == name);
        using var request = m.CreateExampleRequest(wireMock.BaseAddress);
        using var response = await wireMock.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(m.Status, body);
        JsonNode.DeepEquals(JsonNode.Parse(body), m.ResponseBody).Should().BeTrue(body);
        var journal = wireMock.GetJournal();
        var entry = journal.Should().ContainSingle().Which;
        entry.MappingName.Should().Be(m.Name, "the example must be matched by this very mapping, not by a neighbour");
        entry.MappingGuid.Should().Be(m.Id);
    }
}

/// <summary>The conversion keeps WireMock.org's strictness: requests a mapping must not match are not matched by it.</summary>
[Collection(WireMockCollection.Name)]
public sealed class MappingStrictnessTests(WireMockFixture wireMock)
{
    [Theory]
    // equalToJson with ignoreExtraElements: a different value of a required field is not the documented request
    [InlineData("POST", "agentapi/v1/query", "Authorization: Bearer sk_live_your_key_here", """{"message":"When does my subscription renew?","conversation_id":"conv_OTHER","user_token":"jwt_for_authenticated_user"}""", null)]
    // ... but an extra field is fine
    [InlineData("POST", "agentapi/v1/query", "Authorization: Bearer sk_live_your_key_here", """{"message":"When does my subscription renew?","conversation_id":"conv_abc123","user_token":"jwt_for_authenticated_user","extra":1}""", "agentapi/query")]
    // JSONPath indexes keep the array order
    [InlineData("POST", "aisupportbot/api/chat", "X-API-Key: ask_your_api_key", """{"assistantId":"clz1abc...","message":"I did not get the email","history":[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]}""", null)]
    [InlineData("POST", "aisupportbot/api/chat", "X-API-Key: ask_your_api_key", """{"assistantId":"clz1abc...","message":"I did not get the email","history":[{"role":"user","content":"b"},{"role":"assistant","content":"a"}]}""", "aisupportbot/chat-with-history")]
    // matchesJsonPath presence inside not: a JSON null message counts as missing
    [InlineData("POST", "askia/api/widget/chat", "", """{"botId":"YOUR_BOT_ID","message":null}""", "askia/error-400-missing-message")]
    // matchesJsonPath equalTo on a number, as text
    [InlineData("POST", "asyntai/api/v1/chat/", "Authorization: Bearer YOUR_API_KEY", """{"message":"hi","website_id":99}""", "asyntai/error-503-ai-unavailable")]
    // matchesJsonPath + matches on an object applies to WireMock.org's rendering of it (Jackson's pretty printer, which adds
    // 6 characters to a one-field object): ".{4097,}" starts matching at 4091 characters of compact JSON, as on Java WireMock
    [InlineData("POST", "aisupportbot/api/chat", "X-API-Key: ask_your_api_key", "USER_CONTEXT_4090", null)]
    [InlineData("POST", "aisupportbot/api/chat", "X-API-Key: ask_your_api_key", "USER_CONTEXT_4091", "aisupportbot/error-400-user-context-too-large")]
    // header absent: a request with the header is not "missing key"
    [InlineData("GET", "chatsupportai/api/widget/YOUR_WIDGET_ID/config", "Authorization: Bearer YOUR_API_KEY", null, "chatsupportai/widget-config")]
    [InlineData("GET", "chatsupportai/api/widget/YOUR_WIDGET_ID/config", "", null, "chatsupportai/error-401-missing-key")]
    // header doesNotMatch needs the header: with a malformed key it is 401 malformed, without one it is 401 missing
    [InlineData("POST", "aisupportbot/api/chat", "X-API-Key: not_an_ask_key", """{"assistantId":"clz1abc...","message":"How do I reset my password?"}""", "aisupportbot/error-401-malformed-key")]
    [InlineData("POST", "aisupportbot/api/chat", "", """{"assistantId":"clz1abc...","message":"How do I reset my password?"}""", "aisupportbot/error-401-missing-key")]
    // header equalTo is exact
    [InlineData("GET", "agentapi/v1/usage", "Authorization: bearer sk_live_your_key_here", null, null)]
    // url (not urlPath): an unexpected query string is not the documented request
    [InlineData("POST", "askia/api/widget/chat?page=2", "", """{"botId":"YOUR_BOT_ID","message":"What are your pricing plans?"}""", null)]
    [InlineData("POST", "askia/api/widget/chat", "", """{"botId":"YOUR_BOT_ID","message":"What are your pricing plans?"}""", "askia/chat")]
    // urlPath: any query string
    [InlineData("GET", "asyntai/api/v1/websites/?page=2", "Authorization: Bearer YOUR_API_KEY", null, "asyntai/websites")]
    // query doesNotMatch / absent
    [InlineData("GET", "asyntai/api/v1/conversations/?session_id=user_123&limit=100", "Authorization: Bearer YOUR_API_KEY", null, "asyntai/conversations")]
    [InlineData("GET", "asyntai/api/v1/conversations/?session_id=user_123&limit=101", "Authorization: Bearer YOUR_API_KEY", null, "asyntai/error-400-conversations-limit-out-of-range")]
    [InlineData("GET", "asyntai/api/v1/conversations/?limit=20", "Authorization: Bearer YOUR_API_KEY", null, "asyntai/error-400-conversations-missing-session-id")]
    public async Task Request_is_served_by_the_expected_mapping_or_none(string method, string path, string header, string? body, string? expectedMapping)
    {
        wireMock.ResetJournal();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(wireMock.BaseAddress, path));
        if (header.Length > 0)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.StartsWith("USER_CONTEXT_", StringComparison.Ordinal) ? UserContextBody(int.Parse(body[13..], System.Globalization.CultureInfo.InvariantCulture)) : body, Encoding.UTF8, "application/json");
        }

        using var response = await wireMock.Http.SendAsync(request);
        var journal = wireMock.GetJournal();

        journal.Should().ContainSingle().Which.MappingName.Should().Be(expectedMapping, "{0} {1} [{2}] {3}", method, path, header, body);
        if (expectedMapping is null)
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public void Objects_are_matched_as_WireMock_org_renders_them()
    {
        // The expected text is what Java WireMock 3.13.2 matched with matchesJsonPath {"expression": "$.userContext", "equalTo": …}.
        var userContext = JsonNode.Parse("""{"username":"Nikolá","servers":[{"name":"MyBot","status":"offline"},{"name":"B","tags":[]}],"o":{},"on":{"x":null},"coins":450,"f":1.5,"b":true,"z":null,"nested":{"a":{"b":[1,2]}}}""")!;

        global::SupportBot.Client.Testing.Internal.WireMockOrgBodyMatcher.AsText(userContext).Should().Be(
            """
            {
              "username" : "Nikolá",
              "servers" : [ {
                "name" : "MyBot",
                "status" : "offline"
              }, {
                "name" : "B",
                "tags" : [ ]
              } ],
              "o" : { },
              "on" : { },
              "coins" : 450,
              "f" : 1.5,
              "b" : true,
              "nested" : {
                "a" : {
                  "b" : [ 1, 2 ]
                }
              }
            }
            """.ReplaceLineEndings("\n"));
    }

    /// <summary>A chat body whose userContext serializes to exactly <paramref name="length"/> characters of compact JSON.</summary>
    private static string UserContextBody(int length)
    {
        const string Shell = """{"note":""}""";
        var userContext = new JsonObject { ["note"] = new string('x', length - Shell.Length) };
        userContext.ToJsonString().Length.Should().Be(length);
        return new JsonObject { ["assistantId"] = "clz1abc...", ["message"] = "Hi", ["userContext"] = userContext }.ToJsonString();
    }
}

using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;
using SupportBot.MockServer;

namespace SupportBot.Contract.Tests;

/// <summary>
/// docs/adding-a-provider.md, checked: a provider the SDK registers has every part the walk-through lists — stub mappings,
/// mock endpoints with a demo seed, and the contract suite run on both servers. (The SDK's own parts are checked by
/// SupportBot.Client.Tests' ProviderRegistryTests; the mock server's structure by SupportBot.MockServer.Tests' StructureTests.)
/// </summary>
public sealed class ProviderPartsTests
{
    public static TheoryData<SupportBotProvider> Providers() => new(Enum.GetValues<SupportBotProvider>());

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_testing_package_registers_the_provider_once_with_the_mock_servers_prefix(SupportBotProvider provider)
    {
        SupportBot.Client.Testing.Providers.ProviderContractData.All.Should().ContainSingle(d => d.Provider == provider);
        SupportBot.Client.Testing.SupportBotContracts.PathPrefix(provider).Should().Be(SupportBotMockServer.PrefixFor(provider));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_provider_has_its_stub_mappings(SupportBotProvider provider)
    {
        var folder = Path.Combine(RepoPaths.WireMockContracts, SupportBotMockServer.PrefixFor(provider).Split('/')[0], "mappings");
        Directory.Exists(folder).Should().BeTrue($"contracts/wiremock/<prefix>/mappings holds {provider}'s stubs");
        Directory.EnumerateFiles(folder, "*.json").Should().Contain(f => !Path.GetFileName(f).StartsWith("error-", StringComparison.Ordinal), "at least one success mapping")
            .And.Contain(f => Path.GetFileName(f).StartsWith("error-", StringComparison.Ordinal), "at least one documented error");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_mock_server_serves_the_provider_from_its_demo_seed(SupportBotProvider provider)
    {
        await using var server = await SupportBotMockServer.StartAsync();
        using var client = server.CreateClient(provider);

        var reply = await client.ChatAsync(new ChatRequest("How do I reset my password?"));

        reply.Provider.Should().Be(provider);
        reply.Text.Should().NotBeNullOrWhiteSpace();
        server.Journal.For(provider).Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_contract_suite_runs_on_both_servers(SupportBotProvider provider)
    {
        var types = typeof(ProviderPartsTests).Assembly.GetTypes();
        var suite = types.Where(t => t.IsAbstract && t.IsSubclassOf(typeof(ContractTestBase))
                                     && string.Equals(t.Name, provider + "Contract", StringComparison.OrdinalIgnoreCase)).ToList();
        suite.Should().ContainSingle($"one abstract contract suite, {provider}Contract");
        types.Where(t => !t.IsAbstract && t.IsSubclassOf(suite[0])).Select(t => t.Name)
            .Should().BeEquivalentTo([suite[0].Name.Replace("Contract", "OnWireMock", StringComparison.Ordinal), suite[0].Name.Replace("Contract", "OnMockServer", StringComparison.Ordinal)]);
    }
}

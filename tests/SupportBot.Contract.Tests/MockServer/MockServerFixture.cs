using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;
using SupportBot.MockServer;

namespace SupportBot.Contract.Tests.MockServer;

// STAGED: out of compilation until src/SupportBot.MockServer lands (see the csproj's <Compile Remove="MockServer/**" />).

/// <summary>One reference mock server (demo seed = docs/contract-fixtures.md) shared by the mock-server contract classes.</summary>
public sealed class MockServerFixture : IAsyncLifetime
{
    public SupportBotMockServer Server { get; private set; } = null!;

    public ContractServer ContractServer => new MockServerContractServer(Server);

    public async Task InitializeAsync() => Server = await SupportBotMockServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>The mock server is stateful: its classes run one after another and each test starts from the demo seed.</summary>
[CollectionDefinition(Name)]
public sealed class MockServerCollection : ICollectionFixture<MockServerFixture>
{
    public const string Name = "MockServer";
}

/// <summary>The contract suite's server: the reference mock server. It computes its answers, so texts are not compared verbatim.</summary>
public sealed class MockServerContractServer(SupportBotMockServer server) : ContractServer
{
    public override string Name => "SupportBot.MockServer";

    public override bool ServesDocumentExamplesVerbatim => false;

    public override Uri BaseAddressFor(SupportBotProvider provider) => server.BaseAddressFor(provider);

    public override Task BeginTestAsync()
    {
        server.Reset();
        return Task.CompletedTask;
    }

    /// <summary>The mock server has no stub mappings; what it must agree with is checked by <see cref="MappingReplayTests"/>.</summary>
    public override Task VerifyAsync(IReadOnlyList<string> expectedMappings) => Task.CompletedTask;

    public override SupportBotClientOptions CreateOptions(SupportBotProvider provider, string? apiKey, string? defaultBotId)
    {
        var options = server.CreateOptions(provider);
        options.ApiKey = apiKey;
        options.DefaultBotId = defaultBotId;
        options.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
        return options;
    }
}

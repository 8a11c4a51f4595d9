using SupportBot.Client;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>
/// Base of the per-provider contract suites. Tests talk to the server only through <see cref="SupportBotClient"/> and
/// the native clients it exposes; they declare which stub mapping each request should hit with <see cref="Served"/>.
/// </summary>
public abstract class ContractTestBase : IAsyncLifetime
{
    private readonly List<string> _expected = [];
    private readonly List<SupportBotClient> _clients = [];

    protected ContractTestBase(ContractServer server) => Server = server;

    protected ContractServer Server { get; }

    protected abstract SupportBotProvider Provider { get; }

    /// <summary>Whether exact example values (texts, token counts) can be asserted on this server.</summary>
    protected bool Verbatim => Server.ServesDocumentExamplesVerbatim;

    /// <summary>Declares that the next request goes to the stub mapping <paramref name="mappingName"/> (e.g. <c>asyntai/chat</c>).</summary>
    protected void Served(params string[] mappingName) => _expected.AddRange(mappingName);

    /// <summary>A client of this suite's provider on the server under test.</summary>
    protected SupportBotClient Client(string? apiKey, string? defaultBotId = null, Action<SupportBotClientOptions>? configure = null)
    {
        var options = Server.CreateOptions(Provider, apiKey, defaultBotId);
        configure?.Invoke(options);
        var client = new SupportBotClient(options);
        _clients.Add(client);
        return client;
    }

    public Task InitializeAsync() => Server.BeginTestAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.VerifyAsync(_expected);
    }
}

using SupportBot.Client;

namespace SupportBot.Cli.Hosting;

/// <summary>A connected client, and the embedded mock server behind it when <c>--mock</c> was given.</summary>
internal sealed class ClientSession : IAsyncDisposable
{
    private readonly IMockServerHandle? _mock;

    private ClientSession(ISupportBotClient client, SupportBotClientOptions options, IMockServerHandle? mock)
    {
        Client = client;
        Options = options;
        _mock = mock;
    }

    public ISupportBotClient Client { get; }

    public SupportBotClientOptions Options { get; }

    public SupportBotProvider Provider => Client.Provider;

    /// <summary>Resolves the options, starts the mock server when asked, and builds the client.</summary>
    public static async Task<ClientSession> OpenAsync(GlobalSettings settings, CliHost host, CancellationToken cancellationToken)
    {
        IMockServerHandle? mock = null;
        try
        {
            SupportBotClientOptions options;
            if (settings.Mock)
            {
                var provider = settings.Provider ?? SupportBotProvider.AISupportBot;
                mock = await host.MockLauncher(null, null, cancellationToken).ConfigureAwait(false);
                options = mock.CreateOptions(provider);
                options.Provider = provider;
            }
            else
            {
                var provider = settings.Provider ?? throw new CliUsageException(
                    $"no provider: pass --provider ({ProviderNames.Expected}), set {GlobalOptions.ProviderVariable}, or use --mock");
                options = new SupportBotClientOptions { Provider = provider };
            }

            if (settings.ApiKey is not null) options.ApiKey = settings.ApiKey;
            if (settings.BaseUrl is not null) options.BaseAddress = settings.BaseUrl;
            if (settings.BotId is not null) options.DefaultBotId = settings.BotId;

            // A command-line user wants an answer or an error quickly: wait out a Retry-After of at most 10 s.
            options.Retry = options.Retry with { MaxRetryAfter = TimeSpan.FromSeconds(10) };
            options.ApplicationId ??= "supportbot-cli/" + typeof(ClientSession).Assembly.GetName().Version?.ToString(3);

            var client = host.ClientFactory(options);
            return new ClientSession(client, options, mock);
        }
        catch
        {
            if (mock is not null)
            {
                await mock.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        (Client as IDisposable)?.Dispose();
        if (_mock is not null)
        {
            await _mock.DisposeAsync().ConfigureAwait(false);
        }
    }
}

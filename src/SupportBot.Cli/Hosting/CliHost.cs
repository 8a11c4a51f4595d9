using SupportBot.Client;

namespace SupportBot.Cli.Hosting;

/// <summary>Everything a run of the tool talks to: streams, environment, and the seams tests replace.</summary>
internal sealed class CliHost
{
    /// <summary>Standard input (chat turns).</summary>
    public required TextReader In { get; init; }

    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Environment variables (<c>SUPPORTBOT_API_KEY</c>, …).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether a human is watching a terminal: enables prompts, colors and the live progress bar.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Width used to lay out tables when output is not a terminal.</summary>
    public int Width { get; init; } = 120;

    /// <summary>Builds the client from resolved options. Tests replace it with a fake; the default is <see cref="SupportBotClient"/>.</summary>
    public Func<SupportBotClientOptions, ISupportBotClient> ClientFactory { get; init; } = static options => new SupportBotClient(options);

    /// <summary>Starts the embedded reference server (for <c>--mock</c> and <c>mock</c>).</summary>
    public MockServerLauncher MockLauncher { get; init; } = MockServerHosting.StartAsync;

    /// <summary>Clock for latency measurements.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable, null when unset or blank.</summary>
    public string? Env(string name) =>
        Environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A host over the process's console.</summary>
    public static CliHost FromConsole()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = entry.Value as string;
        }

        return new CliHost
        {
            In = Console.In,
            Out = Console.Out,
            Error = Console.Error,
            Environment = env,
            IsInteractive = !Console.IsOutputRedirected && !Console.IsInputRedirected,
        };
    }
}

/// <summary>Starts the reference mock server.</summary>
/// <param name="port">Fixed port, or null for a free one.</param>
/// <param name="seedFile">A seed JSON file, or null for the demo seed.</param>
/// <param name="cancellationToken">Cancels the start.</param>
internal delegate Task<IMockServerHandle> MockServerLauncher(int? port, string? seedFile, CancellationToken cancellationToken);

/// <summary>A running reference server.</summary>
internal interface IMockServerHandle : IAsyncDisposable
{
    /// <summary>The server's root address.</summary>
    Uri BaseAddress { get; }

    /// <summary>The base address of one provider's API on the server.</summary>
    Uri BaseAddressFor(SupportBotProvider provider);

    /// <summary>Client options with the seed's demo key, base address and bot id for <paramref name="provider"/>.</summary>
    SupportBotClientOptions CreateOptions(SupportBotProvider provider);
}

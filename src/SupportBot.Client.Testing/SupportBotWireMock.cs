using SupportBot.Client.Testing.Providers;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace SupportBot.Client.Testing;

/// <summary>
/// WireMock.Net running in-process on a free loopback port, preloaded with the documented contracts of one or all
/// providers (<see cref="SupportBotContracts"/>), with ready clients pointed at it and its request log for assertions.
/// </summary>
/// <example>
/// <code>
/// using var wireMock = SupportBotWireMock.Start(SupportBotProvider.Asyntai);
/// using var client = wireMock.CreateClient(SupportBotProvider.Asyntai);
/// var reply = await client.ChatAsync("What are your business hours?", "user_123");
/// wireMock.MatchedMappingNames.Should().Equal("asyntai/chat");
/// </code>
/// </example>
public sealed class SupportBotWireMock : IDisposable
{
    private SupportBotWireMock(WireMockServer server, IReadOnlyList<ContractMapping> mappings)
    {
        Server = server;
        Mappings = mappings;
        BaseAddress = new Uri(server.Urls[0].TrimEnd('/') + "/");
    }

    /// <summary>The WireMock.Net server, for anything this type does not wrap (add your own mappings, scenarios, …).</summary>
    public WireMockServer Server { get; }

    /// <summary>The server root with a trailing slash, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The contract mappings loaded into the server.</summary>
    public IReadOnlyList<ContractMapping> Mappings { get; }

    /// <summary>Every request the server received since start or the last <see cref="ResetLogEntries"/>, oldest first.</summary>
    public IReadOnlyList<ILogEntry> LogEntries => Server.LogEntries.ToList();

    /// <summary>The requests no mapping matched (the server answered 404): a wire format the documents do not describe.</summary>
    public IReadOnlyList<ILogEntry> UnmatchedRequests => LogEntries.Where(e => e.MappingGuid is null || !IsContract(e.MappingGuid.Value)).ToList();

    /// <summary>For each logged request, oldest first, the name of the contract mapping that served it, or null when none did.</summary>
    public IReadOnlyList<string?> MatchedMappingNames => LogEntries.Select(e => NameOf(e.MappingGuid)).ToList();

    /// <summary>Starts WireMock.Net on <c>127.0.0.1</c> and a free port with the contracts of <paramref name="providers"/> (all when none are given).</summary>
    /// <param name="providers">The providers whose documented contracts to load; none = all five.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="NotSupportedException">A mapping could not be converted exactly (never for the shipped mappings).</exception>
    public static SupportBotWireMock Start(params SupportBotProvider[] providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var options = new SupportBotWireMockOptions();
        foreach (var provider in providers)
        {
            options.Providers.Add(provider);
        }

        return Start(options);
    }

    /// <summary>
    /// Starts WireMock.Net on <c>127.0.0.1</c> and a free port with the documented contracts and the recordings that
    /// <paramref name="options"/> name (see <c>docs/recording.md</c>).
    /// </summary>
    /// <param name="options">Which providers, which recording folders, and whether to load the documented contracts.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="DirectoryNotFoundException">A recording folder does not exist.</exception>
    /// <exception cref="FormatException">A recorded file is not a mapping with a known provider.</exception>
    /// <exception cref="ArgumentException">Two loaded mappings have the same id (a folder loaded twice).</exception>
    /// <exception cref="NotSupportedException">A mapping could not be converted exactly (never for the shipped mappings).</exception>
    public static SupportBotWireMock Start(SupportBotWireMockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wanted = options.Providers;
        IEnumerable<ContractMapping> all = options.IncludeDocumentedContracts ? SupportBotContracts.All : [];
        all = all.Concat(options.RecordingFolders.SelectMany(Recording.SupportBotRecordings.Load));
        var mappings = all.Where(m => wanted.Count == 0 || wanted.Contains(m.Provider)).ToList();
        if (mappings.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Mappings {string.Join(" and ", duplicate.Select(m => m.Name))} have the same id {duplicate.Key}: is a recording folder loaded twice?", nameof(options));
        }

        var server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        try
        {
            SupportBotContracts.AddTo(server, mappings);
            return new SupportBotWireMock(server, mappings);
        }
        catch
        {
            server.Stop();
            server.Dispose();
            throw;
        }
    }

    /// <summary>The base address of <paramref name="provider"/> on this server: <see cref="BaseAddress"/> + <see cref="SupportBotContracts.PathPrefix"/>.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>An absolute address with a trailing slash.</returns>
    public Uri BaseAddressFor(SupportBotProvider provider) => new(BaseAddress, SupportBotContracts.PathPrefix(provider));

    /// <summary>
    /// Client options for <paramref name="provider"/> on this server with the documents' example key and bot id (the values
    /// the happy-path mappings expect) and retries off, so each error mapping is hit once. Change them freely: another key or
    /// bot id from <c>docs/contract-fixtures.md</c> selects an error mapping.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <returns>New options.</returns>
    public SupportBotClientOptions CreateOptions(SupportBotProvider provider)
    {
        var (apiKey, botId) = DocumentedCredentials(provider);
        return new SupportBotClientOptions
        {
            Provider = provider,
            ApiKey = apiKey,
            DefaultBotId = botId,
            BaseAddress = BaseAddressFor(provider),
            Retry = new SupportBotRetryOptions { MaxRetries = 0 },
        };
    }

    /// <summary>A client of <paramref name="provider"/> on this server (see <see cref="CreateOptions"/>); dispose it after use.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="configure">Changes to the options, e.g. another key.</param>
    /// <returns>A new client.</returns>
    public SupportBotClient CreateClient(SupportBotProvider provider, Action<SupportBotClientOptions>? configure = null)
    {
        var options = CreateOptions(provider);
        configure?.Invoke(options);
        return new SupportBotClient(options);
    }

    /// <summary>Empties the request log.</summary>
    public void ResetLogEntries() => Server.ResetLogEntries();

    /// <summary>The documents' example API key and bot id of a provider (what <see cref="CreateOptions"/> uses).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The key (null for AskIA, which needs none) and the default bot id (null where the provider has none).</returns>
    public static (string? ApiKey, string? BotId) DocumentedCredentials(SupportBotProvider provider)
    {
        var data = ProviderContractData.For(provider);
        return (data.ApiKey, data.BotId);
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }

    private bool IsContract(Guid id) => Mappings.Any(m => m.Id == id);

    private string? NameOf(Guid? id) => id is null ? null : Mappings.FirstOrDefault(m => m.Id == id)?.Name;
}

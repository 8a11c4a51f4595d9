using SupportBot.Client;
using SupportBot.Client.Testing;
using SupportBot.Contract.Tests.Infrastructure;
using WireMock.Logging;

namespace SupportBot.Contract.Tests.WireMock;

/// <summary>
/// WireMock.Net in-process (through <see cref="SupportBotWireMock"/>, the shipped Testing package) on a free loopback
/// port, loaded with every provider's mappings from <c>contracts/wiremock/&lt;provider&gt;/mappings</c>; one per test
/// collection. No Java, no npm.
/// </summary>
public sealed class WireMockFixture : IDisposable
{
    public SupportBotWireMock WireMock { get; } = SupportBotWireMock.Start();

    /// <summary>The server root, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress => WireMock.BaseAddress;

    /// <summary>For raw replays.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ContractServer ContractServer => new WireMockContractServer(this);

    public Uri BaseAddressFor(SupportBotProvider provider) => WireMock.BaseAddressFor(provider);

    public void ResetJournal() => WireMock.ResetLogEntries();

    /// <summary>
    /// The request journal, oldest first. WireMock.Net logs a request before it writes the response, so a request the
    /// client has an answer for is always in it.
    /// </summary>
    public IReadOnlyList<JournalEntry> GetJournal() => WireMock.LogEntries.Select(ToJournalEntry).ToList();

    public void Dispose()
    {
        WireMock.Dispose();
        Http.Dispose();
    }

    private JournalEntry ToJournalEntry(ILogEntry e)
    {
        var mapping = WireMock.Mappings.FirstOrDefault(m => m.Id == e.MappingGuid);
        return new JournalEntry(e.RequestMessage.Method, e.RequestMessage.Url, mapping is not null, mapping?.Name, e.MappingGuid);
    }
}

/// <summary>One request WireMock received: matched when a contract mapping served it.</summary>
public sealed record JournalEntry(string Method, string Url, bool WasMatched, string? MappingName, Guid? MappingGuid)
{
    public override string ToString() => $"{Method} {Url} -> {(WasMatched ? MappingName : "UNMATCHED")}";
}

/// <summary>All WireMock test classes share one server and run one after another (the journal is per test).</summary>
[CollectionDefinition(Name)]
public sealed class WireMockCollection : ICollectionFixture<WireMockFixture>
{
    public const string Name = "WireMock";
}

using SupportBot.Client;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>
/// The server-specific part of the contract suite: where each provider lives, how to start a test clean and what to
/// check after it. One implementation per server the suite runs on (WireMock with the stub mappings; the reference
/// mock server).
/// </summary>
public abstract class ContractServer
{
    /// <summary>A short name for messages.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// True when the server answers with the documents' printed examples verbatim (WireMock stubs), so a test can
    /// assert exact texts and token counts; false for a server that computes its answers (the reference mock server),
    /// where the suite asserts the contract (types, ids, escalation, errors) but not generated text.
    /// </summary>
    public abstract bool ServesDocumentExamplesVerbatim { get; }

    /// <summary>The provider's base address on this server: root + the prefix of docs/contract-fixtures.md, trailing slash.</summary>
    public abstract Uri BaseAddressFor(SupportBotProvider provider);

    /// <summary>Called before each test: back to the demo seed / an empty request journal.</summary>
    public abstract Task BeginTestAsync();

    /// <summary>
    /// Called after each test with the stub mappings the test expected to be served, in order. WireMock checks its
    /// request journal (every request matched, and matched exactly these mappings); other servers may ignore it.
    /// </summary>
    public abstract Task VerifyAsync(IReadOnlyList<string> expectedMappings);

    /// <summary>Options for a client of <paramref name="provider"/> on this server, retries off so every error surfaces once.</summary>
    public virtual SupportBotClientOptions CreateOptions(SupportBotProvider provider, string? apiKey, string? defaultBotId) => new()
    {
        Provider = provider,
        ApiKey = apiKey,
        BaseAddress = BaseAddressFor(provider),
        DefaultBotId = defaultBotId,
        Retry = new SupportBotRetryOptions { MaxRetries = 0 },
    };
}

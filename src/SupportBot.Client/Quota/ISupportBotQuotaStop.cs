using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Client;

/// <summary>
/// Remembers that a provider's plan quota is exhausted, so that every client sharing the memory (e.g. every instance of a web
/// farm, through <c>SupportBot.Client.Redis</c>) stops sending chat messages with that key until the reset, and throws
/// <see cref="SupportBotQuotaExceededException"/> at once instead. Set it as <see cref="SupportBotClientOptions.QuotaStop"/>; none by default.
/// </summary>
/// <remarks>
/// The client calls <see cref="GetAsync"/> before each chat message (reads such as the account usage are never stopped) and
/// <see cref="TripAsync"/> when a provider answers with its quota error. Implementations are thread-safe and decide what happens
/// when their storage fails: throw a <see cref="SupportBotException"/> (the call fails typed) or let the call through.
/// </remarks>
public interface ISupportBotQuotaStop
{
    /// <summary>Reads the stop in force for <paramref name="scope"/>, if any.</summary>
    /// <param name="scope">The provider and key (as a fingerprint) the client sends with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stop, or null when the client may send.</returns>
    ValueTask<SupportBotQuotaStopEntry?> GetAsync(SupportBotQuotaScope scope, CancellationToken cancellationToken = default);

    /// <summary>Records that the provider reported the quota of <paramref name="scope"/> exhausted.</summary>
    /// <param name="scope">The provider and key (as a fingerprint).</param>
    /// <param name="exception">The provider's quota error (<see cref="SupportBotException.RetryAfter"/>, used and limit, when sent).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask TripAsync(SupportBotQuotaScope scope, SupportBotQuotaExceededException exception, CancellationToken cancellationToken = default);
}

/// <summary>
/// Whose quota: a provider, its base address and API key. The key is never held, only <see cref="KeyFingerprint"/> (a SHA-256 digest),
/// so a scope is safe to log and to use in storage keys.
/// </summary>
public sealed class SupportBotQuotaScope
{
    /// <summary>Creates a scope from a fingerprint already computed (tests, stores).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="keyFingerprint">The fingerprint of base address and key.</param>
    public SupportBotQuotaScope(SupportBotProvider provider, string keyFingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFingerprint);
        Provider = provider;
        KeyFingerprint = keyFingerprint;
    }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>32 lowercase hex digits: the first 128 bits of SHA-256 over the provider, base address and API key.</summary>
    public string KeyFingerprint { get; }

    /// <summary>Computes the scope of a client: the provider, its base address and its API key (which the result does not keep).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="baseAddress">The base address the client sends to.</param>
    /// <param name="apiKey">The API key; null or empty for none.</param>
    /// <returns>The scope.</returns>
    public static SupportBotQuotaScope For(SupportBotProvider provider, Uri baseAddress, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var material = Encoding.UTF8.GetBytes(provider.ToString() + "\n" + baseAddress.AbsoluteUri + "\n" + (apiKey ?? string.Empty));
        var digest = SHA256.HashData(material);
        return new SupportBotQuotaScope(provider, Convert.ToHexString(digest, 0, 16).ToLowerInvariant());
    }

    /// <summary>The provider and the fingerprint, e.g. <c>AISupportBot:3f0a…</c>.</summary>
    /// <returns>The description (no secret).</returns>
    public override string ToString() => Provider + ":" + KeyFingerprint;
}

/// <summary>A quota stop in force: no chat message is sent before <see cref="Until"/>.</summary>
public sealed class SupportBotQuotaStopEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="until">When the stop ends.</param>
    public SupportBotQuotaStopEntry(DateTimeOffset until) => Until = until;

    /// <summary>When the stop ends: the reset the provider announced, or the stop's configured duration.</summary>
    public DateTimeOffset Until { get; }

    /// <summary>Units used in the period, when the provider said.</summary>
    public long? Used { get; init; }

    /// <summary>Units allowed in the period, when the provider said.</summary>
    public long? Limit { get; init; }

    /// <summary>The provider's error text and details, when sent.</summary>
    public string? Details { get; init; }
}

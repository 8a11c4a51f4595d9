namespace SupportBot.Client.Internal;

/// <summary>
/// A provider's descriptor — everything that differs between providers, in one object per provider folder: base address, auth,
/// capabilities, what an error means, option rules, and how to build its adapter (and so its native client). Registered once, in
/// <see cref="ProviderRegistry"/>; nothing outside the provider folders switches over <see cref="SupportBotProvider"/>.
/// </summary>
internal abstract class ProviderProfile
{
    public abstract SupportBotProvider Provider { get; }

    /// <summary>The documented base address, or null when the provider has none (AgentApi).</summary>
    public abstract Uri? DefaultBaseAddress { get; }

    /// <summary>The normalized operations the provider offers (and which of them are inferred rather than documented).</summary>
    public abstract ProviderCapabilities Capabilities { get; }

    /// <summary>Whether requests may go without a key (AskIA today).</summary>
    public virtual bool ApiKeyOptional => false;

    /// <summary>The auth header forms the provider accepts; the first is used when the options name none.</summary>
    public virtual IReadOnlyList<SupportBotAuthHeader> AuthHeaders { get; } = [SupportBotAuthHeader.Bearer];

    /// <summary>The auth header for <paramref name="apiKey"/> in the chosen (or default) form.</summary>
    public KeyValuePair<string, string>? AuthHeader(string? apiKey, SupportBotAuthHeader? style) =>
        string.IsNullOrEmpty(apiKey) ? null
        : (style ?? AuthHeaders[0]) == SupportBotAuthHeader.XApiKey ? new("X-API-Key", apiKey)
        : new("Authorization", "Bearer " + apiKey);

    /// <summary>Whether an error (a 429, or another status <see cref="MayBeQuota"/> allows) means the plan quota is exhausted.</summary>
    public abstract bool IsQuotaExhausted(ProviderError error);

    /// <summary>The statuses on which <see cref="IsQuotaExhausted"/> is asked (a documented 429 by default).</summary>
    public virtual bool MayBeQuota(int status) => status == 429;

    /// <summary>Provider-specific option rules beyond the common ones.</summary>
    public virtual IEnumerable<string> ValidateOptions(SupportBotClientOptions options) => [];

    /// <summary>Builds the provider's adapter (which owns its native client) over <paramref name="transport"/>.</summary>
    public abstract ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store);
}

internal sealed record ProviderError(
    int StatusCode, string? Error, string? Details, string? Code, string? Body, TimeSpan? RetryAfter, string? RequestId,
    string? QuotaWarning = null, RateLimitInfo? RateLimit = null, Uri? RequestUri = null)
{
    /// <summary>The error text and details in one lower-case string, for keyword checks.</summary>
    public string Text => $"{Error} {Details} {Code}".ToLowerInvariant();
}

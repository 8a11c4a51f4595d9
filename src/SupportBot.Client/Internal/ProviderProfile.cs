namespace SupportBot.Client.Internal;

/// <summary>What differs between providers at the transport level: base address, auth, error meaning, option rules.</summary>
internal abstract class ProviderProfile
{
    public abstract SupportBotProvider Provider { get; }

    /// <summary>The documented base address, or null when the provider has none (AgentApi).</summary>
    public abstract Uri? DefaultBaseAddress { get; }

    /// <summary>Whether requests may go without a key (AskIA today).</summary>
    public virtual bool ApiKeyOptional => false;

    /// <summary>Adds the auth header for <paramref name="apiKey"/> to the request.</summary>
    public virtual KeyValuePair<string, string>? AuthHeader(string? apiKey, SupportBotAuthHeader? style) =>
        string.IsNullOrEmpty(apiKey) ? null
        : style == SupportBotAuthHeader.XApiKey ? new("X-API-Key", apiKey)
        : new("Authorization", "Bearer " + apiKey);

    /// <summary>Whether a 429 means the plan quota is exhausted (never retried) rather than a rate-limit window.</summary>
    public abstract bool IsQuotaExhausted(ProviderError error);

    /// <summary>The statuses on which <see cref="IsQuotaExhausted"/> is asked (a documented 429 by default).</summary>
    public virtual bool MayBeQuota(int status) => status == 429;

    /// <summary>Provider-specific option rules beyond the common ones.</summary>
    public virtual IEnumerable<string> ValidateOptions(SupportBotClientOptions options) => [];

    public static ProviderProfile For(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => Providers.AISupportBot.AISupportBotProfile.Instance,
        SupportBotProvider.Asyntai => Providers.Asyntai.AsyntaiProfile.Instance,
        SupportBotProvider.ChatSupportAI => Providers.ChatSupportAI.ChatSupportAIProfile.Instance,
        SupportBotProvider.AskIA => Providers.AskIA.AskIaProfile.Instance,
        SupportBotProvider.AgentApi => Providers.AgentApi.AgentApiProfile.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };
}

/// <summary>A parsed error response, before it becomes an exception.</summary>
internal sealed record ProviderError(
    int StatusCode, string? Error, string? Details, string? Code, string? Body, TimeSpan? RetryAfter, string? RequestId,
    string? QuotaWarning = null, RateLimitInfo? RateLimit = null)
{
    /// <summary>The error text and details in one lower-case string, for keyword checks.</summary>
    public string Text => $"{Error} {Details} {Code}".ToLowerInvariant();
}

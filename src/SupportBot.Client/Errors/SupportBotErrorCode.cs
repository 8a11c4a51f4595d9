namespace SupportBot.Client;

/// <summary>What went wrong, independent of the provider.</summary>
public enum SupportBotErrorCode
{
    /// <summary>The request was rejected as invalid (HTTP 400 or client-side validation). Fix the request.</summary>
    InvalidRequest,

    /// <summary>The key is missing, malformed, revoked or wrong (HTTP 401). Fix the key.</summary>
    Unauthorized,

    /// <summary>The key is valid but may not do this (HTTP 403: another assistant's key, a missing scope).</summary>
    Forbidden,

    /// <summary>The bot, widget, assistant, conversation or document does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>A per-window rate limit was hit (HTTP 429). Retry after <see cref="SupportBotException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The plan's quota is exhausted (HTTP 429 with quota meaning). Do not retry; upgrade or wait for the reset.</summary>
    QuotaExceeded,

    /// <summary>The provider's AI service is unavailable (HTTP 503). Retry later.</summary>
    ServiceUnavailable,

    /// <summary>The provider failed (HTTP 5xx).</summary>
    ServerError,

    /// <summary>The response could not be understood (not JSON, truncated, missing required fields).</summary>
    InvalidResponse,

    /// <summary>An attempt or the whole call ran out of time.</summary>
    Timeout,

    /// <summary>The connection failed (DNS, refused, reset).</summary>
    Network,

    /// <summary>The provider does not offer this operation.</summary>
    NotSupported,

    /// <summary>The response body was larger than <see cref="SupportBotClientOptions.MaxResponseBytes"/>; it was not read whole.</summary>
    ResponseTooLarge,

    /// <summary>
    /// The shared state the client depends on (a distributed conversation store, rate limiter or quota stop, e.g. Redis) could not
    /// be reached or timed out. Retry later; nothing was lost silently.
    /// </summary>
    StateStoreUnavailable,
}

using System.Text;
using Microsoft.Extensions.Logging;

namespace SupportBot.Client;

/// <summary>How the API key is sent, where a provider accepts more than one form.</summary>
public enum SupportBotAuthHeader
{
    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    Bearer,

    /// <summary><c>X-API-Key: &lt;key&gt;</c>.</summary>
    XApiKey,
}

/// <summary>
/// What a <see cref="SupportBotClient"/> does with a <see cref="ChatRequest.History"/> it cannot place: no
/// <see cref="ChatRequest.ConversationId"/>, a provider that keeps conversations server-side, and a transcript this client (or its
/// shared <see cref="IConversationStore"/>) never answered.
/// </summary>
public enum UnrecognizedHistoryHandling
{
    /// <summary>
    /// Refuse the request with <see cref="SupportBotNotSupportedException"/> before anything is sent: the provider would answer the
    /// last message without its context.
    /// </summary>
    Refuse,

    /// <summary>
    /// Start a new server conversation with the last message alone, knowingly: the reply lists the history in
    /// <see cref="ChatReply.NotDelivered"/> and a warning is logged.
    /// </summary>
    StartNewConversation,
}

/// <summary>Configuration of a <see cref="SupportBotClient"/>. The client takes a snapshot when it is built.</summary>
public sealed class SupportBotClientOptions
{
    /// <summary>The provider to talk to.</summary>
    public SupportBotProvider Provider { get; set; }

    /// <summary>
    /// The API key (AISupportBot <c>ask_…</c>, AgentApi <c>sk_…</c>, Asyntai, ChatSupport AI) or, for AskIA,
    /// the optional bearer JWT. Never logged and masked in <see cref="ToString"/>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The API base address; the provider's documented default when null. Required for <see cref="SupportBotProvider.AgentApi"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The bot used when a request names none: AISupportBot assistant id, Asyntai website id (an integer),
    /// ChatSupport AI widget id, AskIA bot id. Unused by AgentApi.
    /// </summary>
    public string? DefaultBotId { get; set; }

    /// <summary>Total time budget of one call, retries included (default 30 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time budget of one HTTP attempt (default 10 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest response body read (default 4 MiB, far above anything these APIs return). A larger body is refused with
    /// <see cref="SupportBotErrorCode.ResponseTooLarge"/> — at once when its <c>Content-Length</c> says so, otherwise when the cap is
    /// reached — and is never held in memory whole. Error bodies are read only up to what <see cref="SupportBotException.ResponseBody"/> keeps.
    /// </summary>
    public int MaxResponseBytes { get; set; } = Internal.ResponseBody.DefaultMaxBytes;

    /// <summary>The auth header form, where the provider accepts both (Asyntai). Null means the provider's default.</summary>
    public SupportBotAuthHeader? AuthHeader { get; set; }

    /// <summary>How many history messages are sent to providers that take history (AISupportBot: at most 15).</summary>
    public int MaxHistoryMessages { get; set; } = 15;

    /// <summary>AgentApi: a reply whose confidence is below this value is marked <see cref="ChatReply.RequiresEscalation"/> (default 0.5).</summary>
    public double EscalationConfidenceThreshold { get; set; } = 0.5;

    /// <summary>Retry settings of the built-in resilience pipeline.</summary>
    public SupportBotRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Optional client-side rate limit (requests per window), e.g. AskIA's 100 per hour on the free plan.
    /// Null disables it.
    /// </summary>
    public SupportBotRateLimitOptions? ClientRateLimit { get; set; }

    /// <summary>
    /// Shares an exhausted plan quota between clients (e.g. every instance, through <c>SupportBot.Client.Redis</c>): after any of them
    /// receives the provider's quota error, chat messages with the same key throw <see cref="SupportBotQuotaExceededException"/> at
    /// once, without a request, until the reset. Null (the default): each client learns it from the provider.
    /// </summary>
    public ISupportBotQuotaStop? QuotaStop { get; set; }

    /// <summary>Allows a plain-HTTP base address that is not loopback. Off by default: the key would travel in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// What to do with a history the provider cannot receive and this client never answered (see <see cref="ChatRequest.History"/>):
    /// <see cref="UnrecognizedHistoryHandling.Refuse"/> by default.
    /// </summary>
    public UnrecognizedHistoryHandling UnrecognizedHistory { get; set; }

    /// <summary>
    /// Where the SDK keeps conversation state: stateless providers' conversations (AISupportBot) and, for every provider, the
    /// fingerprints of the transcripts it answered (so a caller that re-sends the whole transcript continues its conversation).
    /// Defaults to a per-client in-memory store; share one (e.g. on Redis) between instances that serve the same users.
    /// </summary>
    public IConversationStore? ConversationStore { get; set; }

    /// <summary>Clock used for Retry-After dates and timeouts; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logger factory for request/response/retry/error events. Keys and userContext are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>ChatSupport AI scrape endpoint path, relative to the base address (not published by the provider; default <c>scrape</c>).</summary>
    public string ChatSupportAIScrapePath { get; set; } = "scrape";

    /// <summary>ChatSupport AI widget configuration path; <c>{widgetId}</c> is replaced (not published; default <c>widget/{widgetId}/config</c>).</summary>
    public string ChatSupportAIWidgetConfigPath { get; set; } = "widget/{widgetId}/config";

    /// <summary>A value appended to the <c>User-Agent</c> header (e.g. your app name).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Creates a deep copy, so later changes to this instance do not affect a built client.</summary>
    /// <returns>The copy.</returns>
    public SupportBotClientOptions Clone()
    {
        var copy = (SupportBotClientOptions)MemberwiseClone();
        copy.Retry = Retry with { };
        copy.ClientRateLimit = ClientRateLimit is null ? null : ClientRateLimit with { };
        return copy;
    }

    /// <summary>Checks the options and lists every problem, each naming the offending option. The key never appears.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate() => Internal.OptionsValidation.Validate(this);

    /// <summary>Describes the options with the API key masked.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder("SupportBotClientOptions { ");
        sb.Append("Provider = ").Append(Provider)
          .Append(", BaseAddress = ").Append(BaseAddress?.ToString() ?? "(default)")
          .Append(", ApiKey = ").Append(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")
          .Append(", DefaultBotId = ").Append(DefaultBotId ?? "(none)")
          .Append(", AuthHeader = ").Append(AuthHeader?.ToString() ?? "(default)")
          .Append(", Timeout = ").Append(Timeout)
          .Append(", AttemptTimeout = ").Append(AttemptTimeout)
          .Append(", MaxHistoryMessages = ").Append(MaxHistoryMessages)
          .Append(", Retry = ").Append(Retry)
          .Append(" }");
        return sb.ToString();
    }
}

/// <summary>Retry settings. Defaults follow the standard resilience handler of Microsoft.Extensions.Http.Resilience.</summary>
public sealed record SupportBotRetryOptions
{
    /// <summary>Maximum number of retries after the first attempt (default 3; 0 disables retries).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base delay of the exponential backoff (default 1 s).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether backoff delays are jittered (default true).</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The longest <c>Retry-After</c> honoured by waiting; a longer one fails at once with <see cref="SupportBotException.RetryAfter"/> set (default 60 s).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Also retry POST on 500, 502, 504 and attempt timeouts, where the provider may already have processed the message (default false).</summary>
    public bool RetryUnsafeRequests { get; set; }

    /// <summary>Whether the circuit breaker is on (default true).</summary>
    public bool UseCircuitBreaker { get; set; } = true;
}

/// <summary>A client-side fixed-window rate limit, applied before a request is sent.</summary>
public sealed record SupportBotRateLimitOptions
{
    /// <summary>Requests permitted per window.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window (default one hour).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests allowed to wait for the next window (default 0: reject at once).</summary>
    public int QueueLimit { get; set; }
}

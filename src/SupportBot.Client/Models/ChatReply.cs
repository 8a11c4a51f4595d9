using System.Text;

namespace SupportBot.Client;

/// <summary>The bot's normalized reply.</summary>
public sealed class ChatReply
{
    /// <summary>The answer text. Empty or not to be shown when <see cref="RequiresEscalation"/> is true.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The conversation this reply belongs to; pass it back in <see cref="ChatRequest.ConversationId"/> to continue. Always set.</summary>
    public string ConversationId { get; init; } = string.Empty;

    /// <summary>The provider's message id, when it returns one.</summary>
    public string? MessageId { get; init; }

    /// <summary>True when the bot could not answer confidently: hand the user to a human and do not show <see cref="Text"/> as an answer.</summary>
    public bool RequiresEscalation { get; init; }

    /// <summary>Token usage, when the provider reports it (AISupportBot).</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The knowledge passages the answer was grounded in (AgentApi).</summary>
    public IReadOnlyList<SourceReference> Sources { get; init; } = [];

    /// <summary>The provider's confidence in the answer, 0–1, when reported (AgentApi).</summary>
    public double? Confidence { get; init; }

    /// <summary>When the reply was produced, when reported (ChatSupport AI).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The provider's quota warning header (<c>X-Quota-Warning</c>), when sent.</summary>
    public string? QuotaWarning { get; init; }

    /// <summary>The provider's request id (<c>X-Request-Id</c> and the like), when it sent one: quote it to the provider's support.</summary>
    public string? RequestId { get; init; }

    /// <summary>Rate-limit headers of the response, when sent.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>
    /// What the request carried that the provider did not receive because the caller allowed it — e.g. <c>"history (4 messages)"</c>
    /// when <see cref="SupportBotClientOptions.UnrecognizedHistory"/> is <see cref="UnrecognizedHistoryHandling.StartNewConversation"/>.
    /// Empty when everything was delivered (the default: what cannot be delivered is refused, never dropped).
    /// </summary>
    public IReadOnlyList<string> NotDelivered { get; internal set; } = [];

    /// <summary>The provider that answered.</summary>
    public SupportBotProvider Provider { get; init; }

    /// <summary>The response body exactly as received, for fields this SDK does not model (decoded on first access).</summary>
    public string? RawJson
    {
        get => _rawJson ??= RawUtf8 is null ? null : Encoding.UTF8.GetString(RawUtf8);
        init => _rawJson = value;
    }

    /// <summary>The body's bytes, kept so <see cref="RawJson"/> costs nothing until read.</summary>
    internal byte[]? RawUtf8 { get; init; }

    private string? _rawJson;

    /// <inheritdoc />
    public override string ToString() =>
        $"ChatReply {{ Provider = {Provider}, ConversationId = {ConversationId}, MessageId = {MessageId}, RequiresEscalation = {RequiresEscalation}, Sources = {Sources.Count}, Text = {Text} }}";
}

/// <summary>Token counts of one request.</summary>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="TotalTokens">Total tokens.</param>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>A knowledge passage an answer used.</summary>
/// <param name="DocumentId">The document id.</param>
/// <param name="Title">The document title.</param>
/// <param name="Excerpt">The passage.</param>
public sealed record SourceReference(string DocumentId, string? Title, string? Excerpt);

/// <summary>Rate-limit state reported by response headers.</summary>
/// <param name="Limit">Requests allowed in the window (<c>X-RateLimit-Limit</c>).</param>
/// <param name="Remaining">Requests left in the window (<c>X-RateLimit-Remaining</c>).</param>
/// <param name="Reset">When the window resets (<c>X-RateLimit-Reset</c>, epoch seconds or delta).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> value, when sent.</param>
public sealed record RateLimitInfo(long? Limit, long? Remaining, DateTimeOffset? Reset, TimeSpan? RetryAfter);

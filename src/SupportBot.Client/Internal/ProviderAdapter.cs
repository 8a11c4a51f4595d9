namespace SupportBot.Client.Internal;

/// <summary>Maps the normalized interface onto one provider's native client. Operations the provider lacks throw <see cref="SupportBotNotSupportedException"/>.</summary>
internal abstract class ProviderAdapter
{
    protected ProviderAdapter(ProviderTransport transport)
    {
        Transport = transport;
        Capabilities = ProviderCapabilities.For(transport.Provider);
    }

    public ProviderTransport Transport { get; }

    public SupportBotProvider Provider => Transport.Provider;

    public ProviderCapabilities Capabilities { get; }

    /// <summary>The provider's public native client.</summary>
    public abstract object NativeClient { get; }

    public abstract Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken);

    public virtual Task<BotProfile> GetBotAsync(string? botId, CancellationToken cancellationToken) => throw NotSupported("GetBot");

    public virtual Task<BotBranding> GetBrandingAsync(string? botId, CancellationToken cancellationToken) => throw NotSupported("GetBranding");

    public virtual Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken) => throw NotSupported("GetWebsites");

    public virtual Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit, CancellationToken cancellationToken) => throw NotSupported("GetConversation");

    public virtual Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken) => throw NotSupported("GetAccount");

    protected SupportBotNotSupportedException NotSupported(string operation) => new(Provider, operation);

    /// <summary>The request's bot id, else the configured default, else a validation error naming <paramref name="what"/>.</summary>
    protected string BotId(string? botId, string what) =>
        Validate.Required(Provider, string.IsNullOrWhiteSpace(botId) ? Transport.Options.DefaultBotId : botId, "BotId", what);

    /// <summary>The most recent <see cref="SupportBotClientOptions.MaxHistoryMessages"/> messages.</summary>
    protected IReadOnlyList<ConversationMessage> Trim(IReadOnlyList<ConversationMessage> history)
    {
        var max = Transport.Options.MaxHistoryMessages;
        if (history.Count <= max)
        {
            return history;
        }

        var kept = new ConversationMessage[max];
        for (var i = 0; i < max; i++)
        {
            kept[i] = history[history.Count - max + i];
        }

        return kept;
    }

    /// <summary>A reply with no usable text is an escalation everywhere.</summary>
    protected static bool IsEmpty(string? text) => string.IsNullOrWhiteSpace(text);

    /// <summary>
    /// Every adapter's reply: the answer (never null), what the response headers said, the raw body, and escalation when the
    /// provider asks for it or the answer is empty.
    /// </summary>
    protected ChatReply Reply<T>(
        SupportBotResponse<T> response, string? text, string conversationId, bool escalate = false, string? messageId = null, TokenUsage? usage = null,
        IReadOnlyList<SourceReference>? sources = null, double? confidence = null, DateTimeOffset? timestamp = null)
    {
        var answer = text ?? string.Empty;
        return new ChatReply
        {
            Text = answer,
            ConversationId = conversationId,
            MessageId = messageId,
            RequiresEscalation = escalate || IsEmpty(answer),
            Usage = usage,
            Sources = sources ?? [],
            Confidence = confidence,
            Timestamp = timestamp,
            QuotaWarning = response.QuotaWarning,
            RateLimit = response.RateLimit,
            RequestId = response.RequestId,
            Provider = Provider,
            RawUtf8 = response.RawUtf8,
        };
    }

    /// <summary>Branding from the fields the widget providers share.</summary>
    protected BotBranding Branding<T>(SupportBotResponse<T> response)
        where T : IWireBranding
    {
        var b = response.Value;
        return new BotBranding
        {
            PrimaryColor = b.PrimaryColor,
            BackgroundColor = b.BackgroundColor,
            TextColor = b.TextColor,
            LogoUrl = b.LogoUrl,
            Position = b.Position,
            Theme = b.Theme,
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }

    /// <summary>A transcript read from <paramref name="response"/>; the provider's id when it sent one.</summary>
    protected ConversationTranscript Transcript<T>(SupportBotResponse<T> response, string? providerId, string conversationId, IEnumerable<ConversationMessage> messages) =>
        new()
        {
            ConversationId = string.IsNullOrEmpty(providerId) ? conversationId : providerId,
            Messages = messages.ToArray(),
            Provider = Provider,
            RawJson = response.RawJson,
        };

    /// <summary>A wire message: a missing role reads as <c>unknown</c>, missing content as empty.</summary>
    protected static ConversationMessage Message(string? role, string? content, DateTimeOffset? timestamp) =>
        new(new MessageRole(string.IsNullOrWhiteSpace(role) ? "unknown" : role), content ?? string.Empty, timestamp);
}

namespace SupportBot.Client;

/// <summary>Builds output models for tests that fake <see cref="ISupportBotClient"/> without a server.</summary>
public static class SupportBotModelFactory
{
    /// <summary>Builds a <see cref="ChatReply"/>.</summary>
    /// <param name="text">The answer.</param>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="requiresEscalation">Whether to hand over to a human.</param>
    /// <param name="usage">Token usage.</param>
    /// <param name="sources">Sources.</param>
    /// <param name="confidence">Confidence 0–1.</param>
    /// <param name="timestamp">Timestamp.</param>
    /// <param name="quotaWarning">Quota warning header.</param>
    /// <param name="rateLimit">Rate-limit headers.</param>
    /// <param name="rawJson">Raw body.</param>
    /// <param name="requestId">The provider's request id.</param>
    /// <param name="notDelivered">What the request carried that the provider did not receive (see <see cref="ChatReply.NotDelivered"/>).</param>
    /// <returns>The reply.</returns>
    public static ChatReply ChatReply(
        string text = "",
        string conversationId = "conv_test",
        SupportBotProvider provider = SupportBotProvider.AISupportBot,
        string? messageId = null,
        bool requiresEscalation = false,
        TokenUsage? usage = null,
        IReadOnlyList<SourceReference>? sources = null,
        double? confidence = null,
        DateTimeOffset? timestamp = null,
        string? quotaWarning = null,
        RateLimitInfo? rateLimit = null,
        string? rawJson = null,
        string? requestId = null,
        IReadOnlyList<string>? notDelivered = null) => new()
        {
            Text = text,
            NotDelivered = notDelivered ?? [],
            RequestId = requestId,
            ConversationId = conversationId,
            Provider = provider,
            MessageId = messageId,
            RequiresEscalation = requiresEscalation,
            Usage = usage,
            Sources = sources ?? [],
            Confidence = confidence,
            Timestamp = timestamp,
            QuotaWarning = quotaWarning,
            RateLimit = rateLimit,
            RawJson = rawJson,
        };

    /// <summary>Builds a <see cref="BotProfile"/>.</summary>
    /// <param name="id">Id.</param>
    /// <param name="name">Name.</param>
    /// <param name="description">Description.</param>
    /// <param name="category">Category.</param>
    /// <param name="language">Language.</param>
    /// <param name="createdAt">Creation time.</param>
    /// <param name="welcomeMessage">Welcome message.</param>
    /// <param name="provider">Provider.</param>
    /// <returns>The profile.</returns>
    public static BotProfile BotProfile(string id = "bot_test", string? name = null, string? description = null, string? category = null,
        string? language = null, DateTimeOffset? createdAt = null, string? welcomeMessage = null, SupportBotProvider provider = SupportBotProvider.AskIA) => new()
        {
            Id = id, Name = name, Description = description, Category = category, Language = language, CreatedAt = createdAt,
            WelcomeMessage = welcomeMessage, Provider = provider,
        };

    /// <summary>Builds a <see cref="BotBranding"/>.</summary>
    /// <param name="primaryColor">Primary color.</param>
    /// <param name="backgroundColor">Background color.</param>
    /// <param name="textColor">Text color.</param>
    /// <param name="logoUrl">Logo URL.</param>
    /// <param name="position">Position.</param>
    /// <param name="theme">Theme.</param>
    /// <param name="provider">Provider.</param>
    /// <returns>The branding.</returns>
    public static BotBranding BotBranding(string? primaryColor = null, string? backgroundColor = null, string? textColor = null, string? logoUrl = null,
        string? position = null, string? theme = null, SupportBotProvider provider = SupportBotProvider.AskIA) => new()
        {
            PrimaryColor = primaryColor, BackgroundColor = backgroundColor, TextColor = textColor, LogoUrl = logoUrl, Position = position,
            Theme = theme, Provider = provider,
        };

    /// <summary>Builds a <see cref="Client.Website"/>.</summary>
    /// <param name="id">Id.</param>
    /// <param name="name">Name.</param>
    /// <param name="domain">Domain.</param>
    /// <param name="isPrimary">Primary flag.</param>
    /// <param name="rawJson">Raw body.</param>
    /// <returns>The website.</returns>
    public static Website Website(string id = "1", string? name = null, string? domain = null, bool isPrimary = false, string? rawJson = null) =>
        new(id, name, domain, isPrimary) { RawJson = rawJson };

    /// <summary>Builds a <see cref="ConversationTranscript"/>.</summary>
    /// <param name="conversationId">Conversation id.</param>
    /// <param name="messages">Messages.</param>
    /// <param name="provider">Provider.</param>
    /// <param name="rawJson">Raw body.</param>
    /// <returns>The transcript.</returns>
    public static ConversationTranscript ConversationTranscript(string conversationId = "conv_test", IReadOnlyList<ConversationMessage>? messages = null,
        SupportBotProvider provider = SupportBotProvider.Asyntai, string? rawJson = null) => new()
        {
            ConversationId = conversationId, Messages = messages ?? [], Provider = provider, RawJson = rawJson,
        };

    /// <summary>Builds an <see cref="AccountUsage"/>.</summary>
    /// <param name="email">Email.</param>
    /// <param name="plan">Plan.</param>
    /// <param name="messagesUsed">Used.</param>
    /// <param name="messagesLimit">Limit.</param>
    /// <param name="periodStart">Period start.</param>
    /// <param name="periodEnd">Period end.</param>
    /// <param name="provider">Provider.</param>
    /// <param name="quotas">Every quota the provider reports.</param>
    /// <param name="rawJson">Raw body.</param>
    /// <returns>The usage.</returns>
    public static AccountUsage AccountUsage(string? email = null, string? plan = null, long? messagesUsed = null, long? messagesLimit = null,
        DateTimeOffset? periodStart = null, DateTimeOffset? periodEnd = null, SupportBotProvider provider = SupportBotProvider.Asyntai,
        IReadOnlyList<UsageQuota>? quotas = null, string? rawJson = null) => new()
        {
            Email = email, Plan = plan, MessagesUsed = messagesUsed, MessagesLimit = messagesLimit, PeriodStart = periodStart,
            PeriodEnd = periodEnd, Provider = provider, Quotas = quotas ?? [], RawJson = rawJson,
        };

    /// <summary>Builds a <see cref="Client.TokenUsage"/>.</summary>
    /// <param name="promptTokens">Prompt tokens.</param>
    /// <param name="completionTokens">Completion tokens.</param>
    /// <returns>The usage; total is the sum.</returns>
    public static TokenUsage TokenUsage(int promptTokens, int completionTokens) => new(promptTokens, completionTokens, promptTokens + completionTokens);

    /// <summary>Builds a <see cref="Client.SourceReference"/>.</summary>
    /// <param name="documentId">Document id.</param>
    /// <param name="title">Title.</param>
    /// <param name="excerpt">Excerpt.</param>
    /// <returns>The source.</returns>
    public static SourceReference SourceReference(string documentId, string? title = null, string? excerpt = null) => new(documentId, title, excerpt);
}

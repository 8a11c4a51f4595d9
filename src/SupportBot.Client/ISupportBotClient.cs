namespace SupportBot.Client;

/// <summary>
/// The provider-neutral support-bot client. Every provider answers the same calls with the same
/// models and the same <see cref="SupportBotException"/> family.
/// </summary>
public interface ISupportBotClient
{
    /// <summary>The provider behind this client.</summary>
    SupportBotProvider Provider { get; }

    /// <summary>Which operations this provider supports.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>Sends a user message and returns the bot's reply.</summary>
    /// <param name="request">The message and its context.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The normalized reply; <see cref="ChatReply.ConversationId"/> is always set.</returns>
    Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads the bot's public profile.</summary>
    /// <param name="botId">The bot id; <see cref="SupportBotClientOptions.DefaultBotId"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot profile.</returns>
    Task<BotProfile> GetBotAsync(string? botId = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the bot's visual branding.</summary>
    /// <param name="botId">The bot id; <see cref="SupportBotClientOptions.DefaultBotId"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The branding.</returns>
    Task<BotBranding> GetBrandingAsync(string? botId = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the websites (bots) of the account.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The websites.</returns>
    Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a conversation's transcript.</summary>
    /// <param name="conversationId">The conversation id returned in <see cref="ChatReply.ConversationId"/>.</param>
    /// <param name="limit">Maximum number of messages, where the provider supports a limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transcript, oldest message first.</returns>
    Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the account's plan and usage.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account usage.</returns>
    Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken = default);
}

namespace SupportBot.Client;

/// <summary>Which normalized operations a provider supports. Check before calling to avoid <see cref="SupportBotNotSupportedException"/>.</summary>
/// <param name="Chat">Whether <see cref="ISupportBotClient.ChatAsync"/> is supported (true for every provider).</param>
/// <param name="GetBot">Whether <see cref="ISupportBotClient.GetBotAsync"/> is supported.</param>
/// <param name="GetBranding">Whether <see cref="ISupportBotClient.GetBrandingAsync"/> is supported.</param>
/// <param name="GetWebsites">Whether <see cref="ISupportBotClient.GetWebsitesAsync"/> is supported.</param>
/// <param name="GetConversation">Whether <see cref="ISupportBotClient.GetConversationAsync"/> is supported.</param>
/// <param name="GetAccount">Whether <see cref="ISupportBotClient.GetAccountAsync"/> is supported.</param>
public sealed record ProviderCapabilities(
    bool Chat,
    bool GetBot,
    bool GetBranding,
    bool GetWebsites,
    bool GetConversation,
    bool GetAccount)
{
    /// <summary>The capabilities of <paramref name="provider"/>.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The provider's capability set.</returns>
    public static ProviderCapabilities For(SupportBotProvider provider) => Internal.ProviderRegistry.For(provider).Capabilities;

    /// <summary>Whether the named operation (e.g. <c>"GetWebsites"</c>) is supported.</summary>
    /// <param name="operation">An operation name: Chat, GetBot, GetBranding, GetWebsites, GetConversation or GetAccount.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool Supports(string operation) => operation switch
    {
        nameof(Chat) => Chat,
        nameof(GetBot) => GetBot,
        nameof(GetBranding) => GetBranding,
        nameof(GetWebsites) => GetWebsites,
        nameof(GetConversation) => GetConversation,
        nameof(GetAccount) => GetAccount,
        _ => false,
    };

    /// <summary>
    /// The supported operations whose endpoints the provider's document does not publish: the SDK infers their paths (e.g.
    /// ChatSupport AI's widget configuration, from its JavaScript SDK) and lets options override them. Empty when every
    /// supported operation is documented.
    /// </summary>
    public IReadOnlyList<string> InferredOperations { get; init; } = [];

    /// <summary>Whether the named operation is supported and its endpoint is published by the provider's document.</summary>
    /// <param name="operation">An operation name, as for <see cref="Supports"/>.</param>
    /// <returns><see langword="true"/> when supported and documented.</returns>
    public bool IsDocumented(string operation) => Supports(operation) && !InferredOperations.Contains(operation);

    /// <summary>
    /// Whether <see cref="ChatRequest.Instructions"/> reaches the provider: AISupportBot receives them as <c>userContext.instructions</c>,
    /// ChatSupport AI as a <c>context.rules.policies</c> entry titled <c>Instructions</c>. Where false, a request with instructions is
    /// refused with <see cref="SupportBotNotSupportedException"/> before anything is sent.
    /// </summary>
    public bool Instructions { get; init; }

    /// <summary>
    /// Whether the provider receives a conversation's earlier messages with each question (AISupportBot's <c>history</c>). Where false,
    /// the provider keeps the conversation itself, and <see cref="ChatRequest.History"/> without a
    /// <see cref="ChatRequest.ConversationId"/> must be a transcript this client (or one sharing its <see cref="IConversationStore"/>)
    /// answered — see <see cref="SupportBotClientOptions.UnrecognizedHistory"/>.
    /// </summary>
    public bool History { get; init; }

    /// <summary>
    /// Whether a bot id (<see cref="ChatRequest.BotId"/>, <see cref="SupportBotClientOptions.DefaultBotId"/>) selects the bot that answers:
    /// an assistant, website, widget or bot id. False for AgentApi, whose bot is its base address and key.
    /// </summary>
    public bool BotSelection { get; init; }

    /// <summary>The names of every normalized operation, in interface order.</summary>
    public static IReadOnlyList<string> OperationNames { get; } =
        [nameof(Chat), nameof(GetBot), nameof(GetBranding), nameof(GetWebsites), nameof(GetConversation), nameof(GetAccount)];
}

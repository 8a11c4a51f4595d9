using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.ChatSupportAI;

internal sealed class ChatSupportAIProfile : ProviderProfile
{
    public static readonly ChatSupportAIProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.ChatSupportAI;

    public override Uri? DefaultBaseAddress { get; } = new("https://supportgenie.online/api/");

    public override ProviderCapabilities Capabilities { get; } = new(Chat: true, GetBot: true, GetBranding: true, GetWebsites: false, GetConversation: false, GetAccount: false)
    {
        // The widget configuration's path is inferred from the JavaScript SDK (ChatSupportAIWidgetConfigPath moves it).
        InferredOperations = [nameof(ProviderCapabilities.GetBot), nameof(ProviderCapabilities.GetBranding)],
        Instructions = true,
        BotSelection = true,
    };

    /// <summary>The document describes a per-window rate limit on 429 and no monthly quota: a 429 is always a rate limit.</summary>
    public override bool IsQuotaExhausted(ProviderError error) => false;

    public override IEnumerable<string> ValidateOptions(SupportBotClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ChatSupportAIScrapePath))
        {
            yield return "ChatSupportAIScrapePath: must not be blank.";
        }

        if (string.IsNullOrWhiteSpace(options.ChatSupportAIWidgetConfigPath) || !options.ChatSupportAIWidgetConfigPath.Contains("{widgetId}", StringComparison.Ordinal))
        {
            yield return "ChatSupportAIWidgetConfigPath: must contain '{widgetId}'.";
        }
    }

    public override ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store) => new ChatSupportAIAdapter(transport);
}

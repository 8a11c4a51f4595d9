using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.ChatSupportAI;

internal sealed class ChatSupportAIProfile : ProviderProfile
{
    public static readonly ChatSupportAIProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.ChatSupportAI;

    public override Uri? DefaultBaseAddress { get; } = new("https://supportgenie.online/api/");

    /// <summary>429 is the plan's per-window rate limit, unless the body says quota.</summary>
    public override bool IsQuotaExhausted(ProviderError error) => error.Text.Contains("quota", StringComparison.Ordinal);

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
}

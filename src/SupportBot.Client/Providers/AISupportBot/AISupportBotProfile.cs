using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AISupportBot;

internal sealed class AISupportBotProfile : ProviderProfile
{
    public const string KeyPrefix = "ask_";

    public static readonly AISupportBotProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

    public override Uri? DefaultBaseAddress { get; } = new("https://aisupportbot.io/api/");

    public override ProviderCapabilities Capabilities { get; } = new(Chat: true, GetBot: false, GetBranding: false, GetWebsites: false, GetConversation: true, GetAccount: false)
    {
        Instructions = true,
        History = true,
        BotSelection = true,
    };

    /// <summary>AISupportBot takes only <c>X-API-Key</c>.</summary>
    public override IReadOnlyList<SupportBotAuthHeader> AuthHeaders { get; } = [SupportBotAuthHeader.XApiKey];

    /// <summary>429 is "Plan limit reached": the monthly response quota.</summary>
    public override bool IsQuotaExhausted(ProviderError error) => true;

    public override IEnumerable<string> ValidateOptions(SupportBotClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ApiKey) && !options.ApiKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            yield return $"ApiKey: an AISupportBot key must start with '{KeyPrefix}'.";
        }

        if (options.MaxHistoryMessages > AISupportBotClient.MaxHistory)
        {
            yield return $"MaxHistoryMessages: AISupportBot keeps at most {AISupportBotClient.MaxHistory} history messages.";
        }
    }

    public override ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store) => new AISupportBotAdapter(transport, store);
}

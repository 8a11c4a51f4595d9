using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.Asyntai;

internal sealed class AsyntaiProfile : ProviderProfile
{
    public static readonly AsyntaiProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.Asyntai;

    public override Uri? DefaultBaseAddress { get; } = new("https://asyntai.com/api/v1/");

    public override ProviderCapabilities Capabilities { get; } = new(Chat: true, GetBot: false, GetBranding: false, GetWebsites: true, GetConversation: true, GetAccount: true)
    {
        BotSelection = true,
    };

    /// <summary>429 is "message limit reached for your plan": a monthly quota.</summary>
    /// <summary>Bearer by default; the document says <c>X-API-Key</c> works for every request too.</summary>
    public override IReadOnlyList<SupportBotAuthHeader> AuthHeaders { get; } = [SupportBotAuthHeader.Bearer, SupportBotAuthHeader.XApiKey];

    public override bool IsQuotaExhausted(ProviderError error) => true;

    public override IEnumerable<string> ValidateOptions(SupportBotClientOptions options)
    {
        if (options.DefaultBotId is { Length: > 0 } id && !AsyntaiClient.TryParseWebsiteId(id, out _))
        {
            yield return $"DefaultBotId: an Asyntai website id is an integer; '{id}' is not.";
        }
    }

    public override ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store) => new AsyntaiAdapter(transport);
}

using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AskIA;

internal sealed class AskIaProfile : ProviderProfile
{
    public static readonly AskIaProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AskIA;

    public override Uri? DefaultBaseAddress { get; } = new("https://askiabot.com/api/");

    public override ProviderCapabilities Capabilities { get; } = new(Chat: true, GetBot: true, GetBranding: true, GetWebsites: false, GetConversation: false, GetAccount: false)
    {
        BotSelection = true,
    };

    /// <summary>The public widget API needs no key today; a JWT is sent as bearer when configured.</summary>
    public override bool ApiKeyOptional => true;

    /// <summary>The document describes a per-window rate limit on 429 and no monthly quota: a 429 is always a rate limit.</summary>
    public override bool IsQuotaExhausted(ProviderError error) => false;

    public override ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store) => new AskIaAdapter(transport);
}

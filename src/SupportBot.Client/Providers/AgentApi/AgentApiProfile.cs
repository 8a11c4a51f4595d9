using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AgentApi;

internal sealed class AgentApiProfile : ProviderProfile
{
    public static readonly AgentApiProfile Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AgentApi;

    /// <summary>No public default: the API lives on each vendor's own host.</summary>
    public override Uri? DefaultBaseAddress => null;

    public override ProviderCapabilities Capabilities { get; } = new(Chat: true, GetBot: false, GetBranding: false, GetWebsites: false, GetConversation: true, GetAccount: true);

    /// <summary>429 is the per-minute rate limit (with <c>Retry-After</c>); the monthly quota rejection says "quota".</summary>
    public override bool IsQuotaExhausted(ProviderError error) => error.Text.Contains("quota", StringComparison.Ordinal);

    /// <summary>The document does not say which status a spent quota gets: a quota body on 402, 403 or 429 is one.</summary>
    public override bool MayBeQuota(int status) => status is 402 or 403 or 429;

    public override ProviderAdapter CreateAdapter(ProviderTransport transport, IConversationStore store) => new AgentApiAdapter(transport);
}

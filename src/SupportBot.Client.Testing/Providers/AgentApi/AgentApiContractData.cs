namespace SupportBot.Client.Testing.Providers.AgentApi;

/// <summary>AgentApi on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AgentApiContractData : ProviderContractData
{
    public static readonly AgentApiContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AgentApi;

    public override string PathPrefix => "agentapi/";

    public override string? ApiKey => "sk_live_your_key_here";

    public override string? KeyPattern => "sk_(?:live|test)_[A-Za-z0-9_-]{4,}";

    public override string KeyPrefix => "sk_live_";

    public override IReadOnlyList<string> PlaceholderKeys =>
    [
        "sk_live_your_key_here", "sk_live_revoked", "sk_live_query_only", "sk_live_rate_limited", "sk_live_quota_exhausted", "sk_live_quota_warning",
    ];
}

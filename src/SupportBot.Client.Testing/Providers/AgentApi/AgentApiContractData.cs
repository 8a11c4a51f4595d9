namespace SupportBot.Client.Testing.Providers.AgentApi;

/// <summary>AgentApi on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AgentApiContractData : ProviderContractData
{
    public static readonly AgentApiContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AgentApi;

    public override string PathPrefix => "agentapi/";

    public override string? ApiKey => "sk_live_your_key_here";
}

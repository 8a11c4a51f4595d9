namespace SupportBot.Client.Testing.Providers.ChatSupportAI;

/// <summary>ChatSupportAI on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class ChatSupportAIContractData : ProviderContractData
{
    public static readonly ChatSupportAIContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.ChatSupportAI;

    public override string PathPrefix => "chatsupportai/api/";

    public override string? ApiKey => "YOUR_API_KEY";

    public override string? BotId => "YOUR_WIDGET_ID";

    public override IReadOnlyList<string> PlaceholderKeys => ["YOUR_API_KEY", "chatsupport_invalid_key", "chatsupport_rate_limited_key"];
}

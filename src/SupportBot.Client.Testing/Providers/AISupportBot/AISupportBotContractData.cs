namespace SupportBot.Client.Testing.Providers.AISupportBot;

/// <summary>AISupportBot on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AISupportBotContractData : ProviderContractData
{
    public static readonly AISupportBotContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

    public override string PathPrefix => "aisupportbot/api/";

    public override string? ApiKey => "ask_your_api_key";

    public override string? BotId => "clz1abc...";

    public override string? KeyPattern => "ask_[A-Za-z0-9_-]{4,}";

    public override string KeyPrefix => "ask_";

    public override IReadOnlyList<string> PlaceholderKeys =>
    [
        "ask_your_api_key", "ask_your_api_key_here", "ask_your_key_here",
        "ask_revoked_key", "ask_other_assistant_key", "ask_quota_exhausted_key", "ask_server_error_key", "sk_not_an_ask_key",
    ];
}

namespace SupportBot.Client.Testing.Providers.AISupportBot;

/// <summary>AISupportBot on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AISupportBotContractData : ProviderContractData
{
    public static readonly AISupportBotContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

    public override string PathPrefix => "aisupportbot/api/";

    public override string? ApiKey => "ask_your_api_key";

    public override string? BotId => "clz1abc...";
}

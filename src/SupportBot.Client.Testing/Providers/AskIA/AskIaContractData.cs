namespace SupportBot.Client.Testing.Providers.AskIA;

/// <summary>AskIA on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AskIaContractData : ProviderContractData
{
    public static readonly AskIaContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.AskIA;

    public override string PathPrefix => "askia/api/";

    public override string? ApiKey => null;

    public override string? BotId => "YOUR_BOT_ID";
}

namespace SupportBot.Client.Testing.Providers.Asyntai;

/// <summary>Asyntai on a contract server: its path prefix and the documents' example credentials.</summary>
internal sealed class AsyntaiContractData : ProviderContractData
{
    public static readonly AsyntaiContractData Instance = new();

    public override SupportBotProvider Provider => SupportBotProvider.Asyntai;

    public override string PathPrefix => "asyntai/api/v1/";

    public override string? ApiKey => "YOUR_API_KEY";

    public override IReadOnlyList<string> PlaceholderKeys => ["YOUR_API_KEY", "asyntai_invalid_key", "asyntai_quota_exhausted_key"];
}

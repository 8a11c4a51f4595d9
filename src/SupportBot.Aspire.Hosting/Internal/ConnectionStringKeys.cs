namespace SupportBot.Aspire.Hosting.Internal;

/// <summary>The connection string's keys; SupportBot.Aspire.Client's <c>SupportBotConnectionString</c> reads the same.</summary>
internal static class ConnectionStringKeys
{
    public const string Endpoint = "Endpoint";
    public const string Provider = "Provider";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyFile = "ApiKeyFile";
    public const string BotId = "BotId";
}

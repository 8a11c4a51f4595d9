using SupportBot.Client;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>The path prefixes of docs/contract-fixtures.md, shared by WireMock and the reference mock server.</summary>
public static class ProviderPrefixes
{
    public static string For(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => "aisupportbot/api/",
        SupportBotProvider.Asyntai => "asyntai/api/v1/",
        SupportBotProvider.ChatSupportAI => "chatsupportai/api/",
        SupportBotProvider.AskIA => "askia/api/",
        SupportBotProvider.AgentApi => "agentapi/",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>The mapping folder name of a provider (<c>contracts/wiremock/&lt;folder&gt;</c>).</summary>
    public static string Folder(SupportBotProvider provider) => provider.ToString().ToLowerInvariant();
}

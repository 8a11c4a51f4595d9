using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.AISupportBot;
using SupportBot.Client.Providers.AskIA;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.Client.Internal;

/// <summary>The providers the SDK knows: one registration line each (see docs/adding-a-provider.md).</summary>
internal static class ProviderRegistry
{
    public static readonly IReadOnlyList<ProviderProfile> All =
    [
        AISupportBotProfile.Instance,
        AsyntaiProfile.Instance,
        ChatSupportAIProfile.Instance,
        AskIaProfile.Instance,
        AgentApiProfile.Instance,
    ];

    private static readonly Dictionary<SupportBotProvider, ProviderProfile> ByProvider = All.ToDictionary(p => p.Provider);

    public static ProviderProfile For(SupportBotProvider provider) =>
        ByProvider.TryGetValue(provider, out var profile)
            ? profile
            : throw new SupportBotValidationException(provider == default ? OptionsValidation.ProviderRequired : $"Provider: '{provider}' is not a known provider.", "Provider");
}

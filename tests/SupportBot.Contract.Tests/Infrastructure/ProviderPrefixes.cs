using SupportBot.Client;
using SupportBot.Client.Testing;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>The path prefixes of docs/contract-fixtures.md, shared by WireMock and the reference mock server.</summary>
public static class ProviderPrefixes
{
    public static string For(SupportBotProvider provider) => SupportBotContracts.PathPrefix(provider);

    /// <summary>The mapping folder name of a provider (<c>contracts/wiremock/&lt;folder&gt;</c>).</summary>
    public static string Folder(SupportBotProvider provider) => provider.ToString().ToLowerInvariant();
}

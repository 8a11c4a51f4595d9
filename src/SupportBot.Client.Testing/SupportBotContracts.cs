using SupportBot.Client.Testing.Internal;
using SupportBot.Client.Testing.Providers;
using WireMock.Server;

namespace SupportBot.Client.Testing;

/// <summary>
/// The documented wire contracts of every provider, as WireMock.org stub mappings embedded in this package (the same
/// files as <c>contracts/wiremock/&lt;provider&gt;/mappings/*.json</c> in the SupportBot.Client repository).
/// </summary>
public static class SupportBotContracts
{
    private const string ResourcePrefix = "SupportBot.Client.Testing.Contracts/";
    private static readonly Lazy<IReadOnlyList<ContractMapping>> LazyAll = new(Load);

    /// <summary>Every provider's mappings, ordered by name.</summary>
    public static IReadOnlyList<ContractMapping> All => LazyAll.Value;

    /// <summary>The mappings of one provider, ordered by name.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>Its mappings.</returns>
    public static IReadOnlyList<ContractMapping> For(SupportBotProvider provider) => All.Where(m => m.Provider == provider).ToList();

    /// <summary>
    /// The path prefix a provider is served under on a contract server (WireMock with these mappings, or the reference
    /// mock server), with a trailing slash: <c>aisupportbot/api/</c>, <c>asyntai/api/v1/</c>, <c>chatsupportai/api/</c>,
    /// <c>askia/api/</c>, <c>agentapi/</c>. A client's base address is the server root plus this prefix.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The relative prefix.</returns>
    public static string PathPrefix(SupportBotProvider provider) => ProviderContractData.For(provider).PathPrefix;

    /// <summary>
    /// Adds mappings to a WireMock.Net server you started yourself, each converted from WireMock.org JSON with the same
    /// matching rules (see <c>docs/testing.md</c>): mapping title = <see cref="ContractMapping.Name"/>, guid =
    /// <see cref="ContractMapping.Id"/>, same priority.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="mappings">The mappings to add, e.g. <see cref="All"/> or <see cref="For"/>.</param>
    /// <exception cref="NotSupportedException">A mapping uses a WireMock.org feature the conversion does not support.</exception>
    public static void AddTo(WireMockServer server, IEnumerable<ContractMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(mappings);
        foreach (var mapping in mappings)
        {
            WireMockOrgMappingConverter.AddTo(server, mapping);
        }
    }

    private static List<ContractMapping> Load()
    {
        var assembly = typeof(SupportBotContracts).Assembly;
        var providers = Enum.GetValues<SupportBotProvider>().ToDictionary(p => p.ToString().ToLowerInvariant(), StringComparer.Ordinal);
        var list = new List<ContractMapping>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // SupportBot.Client.Testing.Contracts/<provider>/mappings/<file>.json (Windows builds may write backslashes)
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = name[ResourcePrefix.Length..].Split('/')[0];
            if (!providers.TryGetValue(folder, out var provider))
            {
                throw new InvalidOperationException($"Embedded contract {resource} is in an unknown provider folder '{folder}'.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new ContractMapping(provider, reader.ReadToEnd()));
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }
}

namespace SupportBot.Client.Testing.Providers;

/// <summary>
/// What the testing package knows of one provider: where its contracts are served and the documents' example credentials.
/// One subclass per provider folder (<c>Providers/&lt;Name&gt;/</c>), registered once in <see cref="All"/>; nothing else in this
/// package switches over <see cref="SupportBotProvider"/> (see docs/adding-a-provider.md).
/// </summary>
internal abstract class ProviderContractData
{
    /// <summary>Every provider's data, one line each.</summary>
    public static readonly IReadOnlyList<ProviderContractData> All =
    [
        AISupportBot.AISupportBotContractData.Instance,
        Asyntai.AsyntaiContractData.Instance,
        ChatSupportAI.ChatSupportAIContractData.Instance,
        AskIA.AskIaContractData.Instance,
        AgentApi.AgentApiContractData.Instance,
    ];

    private static readonly Dictionary<SupportBotProvider, ProviderContractData> ByProvider = All.ToDictionary(p => p.Provider);

    public abstract SupportBotProvider Provider { get; }

    /// <summary>The path prefix the provider is served under on a contract server, with a trailing slash.</summary>
    public abstract string PathPrefix { get; }

    /// <summary>The documents' example API key (null where the provider needs none).</summary>
    public abstract string? ApiKey { get; }

    /// <summary>The documents' example bot id (null where the provider has none).</summary>
    public virtual string? BotId => null;

    /// <summary>
    /// The shape of the provider's real API keys as a regular expression (null where the documents show none), e.g.
    /// <c>ask_…</c>: a recording scrubs every match, and the secret scan flags every match that is not a placeholder.
    /// </summary>
    public virtual string? KeyPattern => null;

    /// <summary>The prefix of the provider's keys (<c>ask_</c>, <c>sk_live_</c>), kept in recording placeholders so they still look like keys.</summary>
    public virtual string KeyPrefix => string.Empty;

    /// <summary>
    /// The keys that are not secrets: the documents' example keys and the fixture keys of <c>docs/contract-fixtures.md</c>
    /// (what the shipped mappings and the secret scan's allow-list hold).
    /// </summary>
    public virtual IReadOnlyList<string> PlaceholderKeys => ApiKey is null ? [] : [ApiKey];

    public static ProviderContractData For(SupportBotProvider provider) =>
        ByProvider.TryGetValue(provider, out var data) ? data : throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider.");
}

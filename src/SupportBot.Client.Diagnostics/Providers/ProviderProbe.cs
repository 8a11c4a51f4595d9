using SupportBot.Client.Diagnostics.Internal;

namespace SupportBot.Client.Diagnostics.Providers;

/// <summary>
/// What one provider offers the diagnosis: its read-only calls (key, bot, quota), its chat endpoint and the contract mappings
/// their responses are compared with. One subclass per provider, registered once in <see cref="For"/>.
/// </summary>
internal abstract class ProviderProbe
{
    private static readonly Dictionary<SupportBotProvider, ProviderProbe> Registered = new[]
    {
        (ProviderProbe)new AISupportBotProbe(), new AsyntaiProbe(), new ChatSupportAIProbe(), new AskIaProbe(), new AgentApiProbe(),
    }.ToDictionary(p => p.Provider);

    public abstract SupportBotProvider Provider { get; }

    /// <summary>The chat endpoint label (<c>POST chat/</c>).</summary>
    public abstract string ChatEndpoint { get; }

    /// <summary>The mapping that documents a successful chat.</summary>
    public abstract string ChatContract { get; }

    /// <summary>Why the key cannot be checked without a chat; null when a read-only call checks it.</summary>
    public virtual string? KeyUncheckedReason => null;

    /// <summary>Why the bot id cannot be checked (without a chat).</summary>
    public virtual string? BotUncheckedReason => null;

    /// <summary>The read-only call that reports quota usage (<c>GET v1/usage</c>), or null when the provider has none.</summary>
    public virtual string? QuotaEndpoint => null;

    /// <summary>Why there is no quota figure.</summary>
    public virtual string QuotaUnreportedReason => QuotaEndpoint is { } endpoint
        ? $"{endpoint} answered without used/limit figures"
        : $"{Provider} does not report quota usage";

    public static ProviderProbe For(SupportBotProvider provider) =>
        Registered.TryGetValue(provider, out var probe) ? probe : throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider.");

    /// <summary>Runs the read-only calls and reports key, bot and quota.</summary>
    public abstract Task ProbeAsync(ProbeContext context, CancellationToken cancellationToken);

    /// <summary>The quota check when the call that reports it failed: not "does not report", which would blame the provider.</summary>
    protected DiagnosticCheck QuotaNotRead() =>
        new(DiagnosticCheckNames.Quota, DiagnosticStatus.Skipped, $"not read: {QuotaEndpoint} failed (see above)") { Endpoint = QuotaEndpoint };

    protected static DiagnosticCheck KeyAccepted(string endpoint, TimeSpan latency) =>
        new(DiagnosticCheckNames.Key, DiagnosticStatus.Ok, $"accepted ({endpoint})") { Endpoint = endpoint, Latency = latency };
}

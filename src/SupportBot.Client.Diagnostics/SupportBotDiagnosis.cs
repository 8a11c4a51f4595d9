namespace SupportBot.Client.Diagnostics;

/// <summary>The diagnosis of one configured client: every check, the calls made, quota and contract differences.</summary>
public sealed class SupportBotDiagnosis
{
    /// <summary>Creates a diagnosis (used by <see cref="SupportBotDoctor"/> and by tests).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="baseAddress">The base address diagnosed, when known.</param>
    /// <param name="checks">The checks, in the order they ran.</param>
    public SupportBotDiagnosis(SupportBotProvider provider, Uri? baseAddress, IReadOnlyList<DiagnosticCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        Provider = provider;
        BaseAddress = baseAddress;
        Checks = checks;
    }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>A label for this client (the configured name, e.g. <c>asyntai-prod</c>); the provider's name when none was given.</summary>
    public string? Name { get; init; }

    /// <summary>The base address diagnosed.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>The checks, in the order they ran.</summary>
    public IReadOnlyList<DiagnosticCheck> Checks { get; }

    /// <summary>Every HTTP call made, with its status and latency.</summary>
    public IReadOnlyList<DiagnosticCall> Calls { get; init; } = [];

    /// <summary>Quota used/limit, when the provider reports it.</summary>
    public QuotaUsage? Quota { get; init; }

    /// <summary>Rate-limit headers last seen, when the provider sends them.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>Contract differences (empty when the drift check did not run or found none).</summary>
    public IReadOnlyList<ContractDifference> ContractDifferences { get; init; } = [];

    /// <summary>When the diagnosis started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The worst status of all checks (<see cref="DiagnosticStatus.Skipped"/> counts as ok).</summary>
    public DiagnosticStatus Status =>
        Checks.Any(c => c.Status == DiagnosticStatus.Fail) ? DiagnosticStatus.Fail
        : Checks.Any(c => c.Status == DiagnosticStatus.Warn) ? DiagnosticStatus.Warn
        : DiagnosticStatus.Ok;

    /// <summary>The check with this name, or null.</summary>
    /// <param name="name">A check name (see <see cref="DiagnosticCheckNames"/>).</param>
    /// <returns>The check, or null when it did not run.</returns>
    public DiagnosticCheck? this[string name] => Checks.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name ?? Provider.ToString()}: {Status} ({Checks.Count(c => c.Status == DiagnosticStatus.Fail)} failed, {Checks.Count(c => c.Status == DiagnosticStatus.Warn)} warnings)";
}

/// <summary>What <see cref="SupportBotDoctor"/> checks and what it calls slow or nearly exhausted.</summary>
public sealed class SupportBotDiagnosisOptions
{
    /// <summary>Send one chat message (counts against the quota; AISupportBot has no other way to check the key and assistant). Default false.</summary>
    public bool IncludeChat { get; set; }

    /// <summary>The chat message sent when <see cref="IncludeChat"/> is set.</summary>
    public string ConversationMessage { get; set; } = "Hello";

    /// <summary>Compare each live response's JSON shape with the documented contract. Default false.</summary>
    public bool CheckContractDrift { get; set; }

    /// <summary>A call slower than this is a warning. Default 2 s.</summary>
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Quota used at or above this share of the limit is a warning. Default 0.9 (90 %).</summary>
    public double QuotaWarningFraction { get; set; } = 0.9;

    /// <summary>Time allowed for each call. Default 10 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A certificate that expires within this time is a warning. Default 14 days.</summary>
    public TimeSpan CertificateExpiryWarning { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Clock for latencies and timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Creates the innermost HTTP handler (tests, proxies). The default is a <c>SocketsHttpHandler</c> (.NET Framework: <c>WebRequestHandler</c>) without automatic
    /// redirects that records the server certificate for the TLS check; a handler of yours skips the TLS check.
    /// </summary>
    public Func<HttpMessageHandler>? PrimaryHandlerFactory { get; set; }

    /// <summary>A copy.</summary>
    /// <returns>The copy.</returns>
    public SupportBotDiagnosisOptions Clone() => (SupportBotDiagnosisOptions)MemberwiseClone();
}

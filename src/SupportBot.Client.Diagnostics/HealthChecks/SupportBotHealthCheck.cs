using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SupportBot.Client.Diagnostics;

/// <summary>
/// An <see cref="IHealthCheck"/> over <see cref="SupportBotDoctor"/>: Healthy when every check passes, Degraded on warnings
/// (quota ≥ 90 % used, slow, rate limited, certificate about to expire), the registration's failure status (Unhealthy by
/// default) on failures (key rejected, unreachable, quota exhausted, contract drift). The diagnosis is cached.
/// </summary>
public sealed class SupportBotHealthCheck : IHealthCheck
{
    private readonly Func<SupportBotClientOptions> _clientOptions;
    private readonly SupportBotHealthCheckOptions _options;
    private readonly SupportBotDoctor _doctor;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private Task<SupportBotDiagnosis>? _running;
    private SupportBotDiagnosis? _last;
    private DateTimeOffset _expires;

    /// <summary>Creates a health check. Keep one instance per client: it holds the cache.</summary>
    /// <param name="clientOptions">Reads the client's current options (e.g. from <c>IOptionsMonitor</c>).</param>
    /// <param name="options">Cache and diagnosis settings.</param>
    /// <param name="timeProvider">Clock for the cache and latencies; the system clock when null.</param>
    public SupportBotHealthCheck(Func<SupportBotClientOptions> clientOptions, SupportBotHealthCheckOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        _clientOptions = clientOptions;
        _options = options ?? new SupportBotHealthCheckOptions();
        _time = timeProvider ?? TimeProvider.System;
        var diagnosis = _options.Diagnosis.Clone();
        if (timeProvider is not null)
        {
            diagnosis.TimeProvider = timeProvider;
        }

        _doctor = new SupportBotDoctor(diagnosis);
    }

    /// <summary>The last diagnosis, or null before the first probe.</summary>
    public SupportBotDiagnosis? LastDiagnosis
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (diagnosis, cached) = await GetDiagnosisAsync(cancellationToken).ConfigureAwait(false);
        return ToResult(diagnosis, context.Registration.FailureStatus, cached);
    }

    /// <summary>Maps a diagnosis to a health result: fail → <paramref name="failureStatus"/>, warn → Degraded, else Healthy.</summary>
    /// <param name="diagnosis">The diagnosis.</param>
    /// <param name="failureStatus">The status for failures (the registration's, Unhealthy by default).</param>
    /// <param name="cached">Whether the diagnosis came from the cache (reported in the data).</param>
    /// <returns>The result, with each check in <see cref="HealthCheckResult.Data"/>.</returns>
    public static HealthCheckResult ToResult(SupportBotDiagnosis diagnosis, HealthStatus failureStatus = HealthStatus.Unhealthy, bool cached = false)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["provider"] = diagnosis.Provider.ToString(),
            ["checkedAt"] = diagnosis.StartedAt,
            ["cached"] = cached,
        };
        foreach (var check in diagnosis.Checks)
        {
            data[check.Name] = $"{check.Status.ToString().ToLowerInvariant()}: {check.Reason}";
        }

        if (diagnosis.Quota is { } quota)
        {
            data["quotaUsedFraction"] = Math.Round(quota.Fraction, 4);
        }

        var status = diagnosis.Status switch
        {
            DiagnosticStatus.Fail => failureStatus,
            DiagnosticStatus.Warn => HealthStatus.Degraded,
            _ => HealthStatus.Healthy,
        };
        var problems = diagnosis.Checks.Where(c => c.Status == diagnosis.Status && c.Status is DiagnosticStatus.Fail or DiagnosticStatus.Warn).ToList();
        var description = problems.Count == 0
            ? $"{diagnosis.Provider}: all checks passed"
            : $"{diagnosis.Provider}: " + string.Join("; ", problems.Select(c => $"{c.Name}: {c.Reason}"));
        return new HealthCheckResult(status, description, exception: null, data);
    }

    private async Task<(SupportBotDiagnosis Diagnosis, bool Cached)> GetDiagnosisAsync(CancellationToken cancellationToken)
    {
        Task<SupportBotDiagnosis> running;
        lock (_gate)
        {
            if (_last is not null && _time.GetUtcNow() < _expires)
            {
                return (_last, true);
            }

            // Concurrent probes share one diagnosis; a probe that gives up does not cancel it for the others.
            _running ??= RunAsync();
            running = _running;
        }

        var diagnosis = await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (diagnosis, false);
    }

    private async Task<SupportBotDiagnosis> RunAsync()
    {
        try
        {
            var diagnosis = await _doctor.DiagnoseAsync(_clientOptions(), CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _last = diagnosis;
                _expires = _time.GetUtcNow() + (diagnosis.Status == DiagnosticStatus.Fail ? _options.UnhealthyCacheDuration : _options.CacheDuration);
            }

            return diagnosis;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }
    }
}

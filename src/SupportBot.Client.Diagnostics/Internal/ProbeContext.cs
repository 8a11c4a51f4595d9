using System.Globalization;
using System.Net;

namespace SupportBot.Client.Diagnostics.Internal;

/// <summary>The state of one diagnosis while it runs: the client, what was recorded, and the checks found so far.</summary>
internal sealed class ProbeContext(SupportBotClient client, SupportBotClientOptions options, SupportBotDiagnosisOptions diagnosis, RecordingHandler recorder)
{
    private static readonly string[] Order =
    [
        DiagnosticCheckNames.Options, DiagnosticCheckNames.Dns, DiagnosticCheckNames.Connect, DiagnosticCheckNames.Tls,
        DiagnosticCheckNames.Key, DiagnosticCheckNames.Bot, DiagnosticCheckNames.Quota, DiagnosticCheckNames.RateLimit,
        DiagnosticCheckNames.Chat, DiagnosticCheckNames.Latency,
    ];

    private readonly List<DiagnosticCheck> _checks = [];

    public SupportBotClient Client => client;

    public SupportBotClientOptions Options => options;

    public SupportBotDiagnosisOptions Diagnosis => diagnosis;

    public SupportBotProvider Provider => options.Provider;

    public List<DiagnosticCall> Calls { get; } = [];

    public List<ContractDifference> Differences { get; } = [];

    public QuotaUsage? Quota { get; set; }

    public string? QuotaWarningHeader { get; private set; }

    public RateLimitInfo? RateLimit { get; private set; }

    public bool Has(string name) => _checks.Exists(c => c.Name == name);

    /// <summary>Adds a check, or replaces one of the same name when the new one is worse (or the old one skipped).</summary>
    public void Report(DiagnosticCheck check)
    {
        var index = _checks.FindIndex(c => c.Name == check.Name);
        if (index < 0)
        {
            _checks.Add(check);
        }
        else if (_checks[index].Status == DiagnosticStatus.Skipped || check.Status > _checks[index].Status)
        {
            _checks[index] = check;
        }
    }

    public void ReportIfAbsent(DiagnosticCheck check)
    {
        if (!Has(check.Name))
        {
            _checks.Add(check);
        }
    }

    /// <summary>The checks in a stable order: the fixed ones first, then the contract checks as they ran.</summary>
    public List<DiagnosticCheck> OrderedChecks() =>
        [.. _checks.OrderBy(c => Array.IndexOf(Order, c.Name) is var i and >= 0 ? i : Order.Length)];

    /// <summary>Runs one SDK call, records it (status, latency, limit headers), compares it with its contract when asked.</summary>
    /// <param name="purpose">Why: key, bot, quota, chat.</param>
    /// <param name="endpoint">The endpoint label (<c>GET account/</c>).</param>
    /// <param name="contractMapping">The mapping whose documented response this call should match, or null.</param>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Cancels the diagnosis.</param>
    public async Task<CallOutcome<T>> CallAsync<T>(string purpose, string endpoint, string? contractMapping, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var before = recorder.Snapshot().Count;
        var started = diagnosis.TimeProvider.GetTimestamp();
        T? value = default;
        SupportBotException? error = null;
        try
        {
            value = await call(cancellationToken).ConfigureAwait(false);
        }
        catch (SupportBotException ex)
        {
            error = ex;
        }

        var elapsed = diagnosis.TimeProvider.GetElapsedTime(started);
        var exchange = recorder.Snapshot().Skip(before).LastOrDefault();
        var latency = exchange?.Latency ?? elapsed;
        var status = exchange?.StatusCode ?? error?.StatusCode;
        Calls.Add(new DiagnosticCall(purpose, endpoint, status, latency));
        if (exchange is not null)
        {
            ReadLimitHeaders(exchange);
        }

        if (diagnosis.CheckContractDrift && contractMapping is not null)
        {
            CheckContract(endpoint, contractMapping, exchange, error, latency);
        }

        return new CallOutcome<T>(value, error, latency, status);
    }

    /// <summary>Reports what a failed call says: the key (401/403), the bot (404), quota, rate limit, or the purpose's own check.</summary>
    public void ReportFailure(string purpose, string endpoint, SupportBotException error, TimeSpan latency)
    {
        var summary = Summary(error);
        DiagnosticCheck check = error.ErrorCode switch
        {
            SupportBotErrorCode.Unauthorized => new(DiagnosticCheckNames.Key, DiagnosticStatus.Fail, $"key rejected (HTTP {error.StatusCode ?? 401}){Detail(error)}",
                "The key is wrong, revoked or deleted: create a new key in the provider's dashboard and update ApiKey (SUPPORTBOT_API_KEY)."),
            SupportBotErrorCode.Forbidden => new(DiagnosticCheckNames.Key, DiagnosticStatus.Fail, $"key accepted but not allowed (HTTP {error.StatusCode ?? 403}){Detail(error)}",
                "The key belongs to another bot/assistant or lacks a scope: use a key issued for this bot, or add the scope."),
            // Only a call about the bot can blame the bot id; any other 404 means the base address does not lead to the API.
            SupportBotErrorCode.NotFound when purpose == DiagnosticCheckNames.Bot && !string.IsNullOrWhiteSpace(options.DefaultBotId) =>
                new(DiagnosticCheckNames.Bot, DiagnosticStatus.Fail, $"'{options.DefaultBotId}' not found (HTTP 404){Detail(error)}",
                    $"Check DefaultBotId (--bot-id, SUPPORTBOT_BOT_ID) against the provider's dashboard; if it is right, check that {Where(error)} is the provider's endpoint."),
            SupportBotErrorCode.NotFound => new(DiagnosticCheckNames.Connect, DiagnosticStatus.Fail, $"{endpoint}: not found (HTTP 404) at {Where(error)}: the base address path is wrong",
                "Check BaseAddress (--base-url, SUPPORTBOT_BASE_URL): its path must be the one the provider documents, ending where its endpoints start."),
            SupportBotErrorCode.QuotaExceeded => new(DiagnosticCheckNames.Quota, DiagnosticStatus.Fail, $"plan quota exhausted (HTTP 429){Detail(error)}",
                "Upgrade the plan or wait for the monthly reset; chats fail until then."),
            SupportBotErrorCode.RateLimited => new(DiagnosticCheckNames.RateLimit, DiagnosticStatus.Warn,
                "rate limited (HTTP 429)" + (error.RetryAfter is { } ra ? $", retry after {ra.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s" : string.Empty),
                "Send fewer requests (SupportBotClientOptions.ClientRateLimit), or ask the provider for a higher limit."),
            SupportBotErrorCode.ServiceUnavailable when purpose == DiagnosticCheckNames.Chat => new(DiagnosticCheckNames.Chat, DiagnosticStatus.Fail, $"AI unavailable (HTTP {error.StatusCode ?? 503}){Detail(error)}",
                "A provider-side outage: watch the provider's status page; hand users to a human meanwhile."),
            SupportBotErrorCode.Timeout => new(purpose, DiagnosticStatus.Fail, $"{endpoint} timed out after {Format(latency)}",
                "The provider is very slow or a firewall drops the traffic; raise CallTimeout only if slow answers are acceptable."),
            SupportBotErrorCode.Network => new(purpose, DiagnosticStatus.Fail, $"{endpoint}: no answer ({summary})",
                "Check the base address, proxy and firewall."),
            SupportBotErrorCode.InvalidResponse => new(purpose, DiagnosticStatus.Fail, $"{endpoint}: unreadable response ({summary})",
                "The provider's response changed or a proxy answers instead: run with the contract drift check to see how."),
            _ => new(purpose, DiagnosticStatus.Fail, $"{endpoint}: HTTP {error.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "?"} {error.ErrorCode}{Detail(error)}",
                "A provider-side error: retry later and check the provider's status page."),
        };
        Report(check with { Latency = latency, Endpoint = endpoint });
    }

    public static string Format(TimeSpan latency) =>
        latency.TotalMilliseconds < 1000
            ? latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
            : latency.TotalSeconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s";

    private static string Where(SupportBotException error) => error.RequestUri?.ToString() ?? "the requested URL";

    private static string Detail(SupportBotException error) =>
        error.Details is { Length: > 0 } d ? ": " + Trim(d) : string.Empty;

    private static string Summary(SupportBotException error) => Trim(error.Message);

    private static string Trim(string text)
    {
        var line = string.Join(" ", text.Split(['\r', '\n']).Select(static l => l.Trim()).Where(static l => l.Length > 0));
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    private void ReadLimitHeaders(RecordedExchange exchange)
    {
        var h = exchange.Headers;
        if (h.TryGetValue("X-Quota-Warning", out var warning))
        {
            QuotaWarningHeader = warning;
        }

        long? limit = Long(h, "X-RateLimit-Limit") ?? Long(h, "RateLimit-Limit");
        long? remaining = Long(h, "X-RateLimit-Remaining") ?? Long(h, "RateLimit-Remaining");
        TimeSpan? retryAfter = null;
        if (h.TryGetValue("Retry-After", out var ra))
        {
            if (long.TryParse(ra, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }
            else if (DateTimeOffset.TryParse(ra, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                retryAfter = at - diagnosis.TimeProvider.GetUtcNow();
            }
        }

        DateTimeOffset? reset = null;
        if ((Long(h, "X-RateLimit-Reset") ?? Long(h, "RateLimit-Reset")) is { } r)
        {
            // Epoch seconds when large, seconds from now when small.
            reset = r > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(r) : diagnosis.TimeProvider.GetUtcNow().AddSeconds(r);
        }

        if (limit is not null || remaining is not null || retryAfter is not null || reset is not null)
        {
            RateLimit = new RateLimitInfo(limit, remaining, reset, retryAfter);
        }
    }

    private static long? Long(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var text) && long.TryParse(text.Split(',')[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private void CheckContract(string endpoint, string mapping, RecordedExchange? exchange, SupportBotException? error, TimeSpan latency)
    {
        var name = DiagnosticCheckNames.ContractPrefix + endpoint;
        var documented = ContractShapes.Find(mapping);
        if (documented is null)
        {
            Report(new DiagnosticCheck(name, DiagnosticStatus.Skipped, $"no documented contract '{mapping}'") { Endpoint = endpoint });
            return;
        }

        if (exchange?.StatusCode is not { } status)
        {
            Report(new DiagnosticCheck(name, DiagnosticStatus.Skipped, "not compared: no response" + (error is null ? string.Empty : $" ({error.ErrorCode})")) { Endpoint = endpoint, Latency = latency });
            return;
        }

        if (status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound or 429)
        {
            Report(new DiagnosticCheck(name, DiagnosticStatus.Skipped, $"not compared: HTTP {status} (a documented error; see the other checks)") { Endpoint = endpoint, Latency = latency });
            return;
        }

        var differences = ContractComparer.Compare(endpoint, documented, status, exchange.Body);
        Differences.AddRange(differences);
        var failures = differences.Where(d => d.IsFailure).ToList();
        var added = differences.Where(d => !d.IsFailure).ToList();
        var check = failures.Count > 0
            ? new DiagnosticCheck(name, DiagnosticStatus.Fail, string.Join("; ", failures.Take(4).Select(d => d.ToString())) + (failures.Count > 4 ? $"; +{failures.Count - 4} more" : string.Empty),
                "The provider changed its API: compare with the documented contract (contracts/wiremock/" + mapping.Split('/')[0] + "), update SupportBot.Client, or report it to the provider.")
            : added.Count > 0
                ? new DiagnosticCheck(name, DiagnosticStatus.Ok, $"matches; {added.Count} new field(s): " + string.Join(", ", added.Take(5).Select(d => d.Path)))
                : new DiagnosticCheck(name, DiagnosticStatus.Ok, $"matches the documented shape ({mapping})");
        Report(check with { Endpoint = endpoint, Latency = latency });
    }
}

/// <summary>What one SDK call returned: the value or the error, and how long it took.</summary>
internal sealed record CallOutcome<T>(T? Value, SupportBotException? Error, TimeSpan Latency, int? StatusCode)
{
    public bool Succeeded => Error is null;
}

using System.Text.Json.Serialization;
using SupportBot.Client.Diagnostics;

namespace SupportBot.Cli.Doctor;

// `supportbot doctor --json`: one document for every provider diagnosed. Serialized through CliJsonContext.

internal sealed record DoctorJson(string Status, int ExitCode, bool Strict, IReadOnlyList<DoctorProviderJson> Providers);

internal sealed record DoctorProviderJson(
    string Name,
    string Provider,
    string? BaseAddress,
    string Status,
    double DurationMs,
    IReadOnlyList<DoctorCheckJson> Checks,
    IReadOnlyList<DoctorCallJson> Calls,
    DoctorQuotaJson? Quota,
    DoctorRateLimitJson? RateLimit,
    IReadOnlyList<DoctorDifferenceJson> ContractDifferences)
{
    public static DoctorProviderJson From(string name, SupportBotDiagnosis d) => new(
        name,
        d.Provider.ToString(),
        d.BaseAddress?.ToString(),
        DoctorText.Status(d.Status),
        Math.Round(d.Duration.TotalMilliseconds, 1),
        [.. d.Checks.Select(c => new DoctorCheckJson(c.Name, DoctorText.Status(c.Status), c.Reason, c.Hint, c.Endpoint, Ms(c.Latency)))],
        [.. d.Calls.Select(c => new DoctorCallJson(c.Purpose, c.Endpoint, c.StatusCode, Math.Round(c.Latency.TotalMilliseconds, 1)))],
        d.Quota is { } q ? new DoctorQuotaJson(q.Used, q.Limit, q.Unit, Math.Round(q.Fraction, 4)) : null,
        d.RateLimit is { } r ? new DoctorRateLimitJson(r.Limit, r.Remaining, r.Reset, r.RetryAfter?.TotalSeconds) : null,
        [.. d.ContractDifferences.Select(x => new DoctorDifferenceJson(x.Endpoint, ToCamel(x.Kind.ToString()), x.Path, x.Documented, x.Live, x.IsFailure))]);

    private static double? Ms(TimeSpan? t) => t is { } v ? Math.Round(v.TotalMilliseconds, 1) : null;

    private static string ToCamel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}

internal sealed record DoctorCheckJson(string Name, string Status, string Reason, string? Hint, string? Endpoint, double? LatencyMs);

internal sealed record DoctorCallJson(string Purpose, string Endpoint, int? StatusCode, double LatencyMs);

internal sealed record DoctorQuotaJson(long Used, long Limit, string Unit, double Fraction);

internal sealed record DoctorRateLimitJson(long? Limit, long? Remaining, DateTimeOffset? Reset, double? RetryAfterSeconds);

internal sealed record DoctorDifferenceJson(string Endpoint, string Kind, string Path, string? Documented, string? Live, bool Failure);

/// <summary>The doctor's config file (<c>--config doctor.json</c>): the providers to diagnose.</summary>
internal sealed class DoctorConfigJson
{
    public List<DoctorTargetJson> Providers { get; set; } = [];
}

/// <summary>One provider in the config file. Prefer <c>apiKeyVariable</c> (an environment variable's name) to a key in the file.</summary>
internal sealed class DoctorTargetJson
{
    public string? Name { get; set; }

    public string? Provider { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiKeyVariable { get; set; }

    public string? BaseUrl { get; set; }

    public string? BotId { get; set; }

    public string? AuthHeader { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DoctorConfigJson))]
internal sealed partial class DoctorConfigContext : JsonSerializerContext;

internal static class DoctorText
{
    public static string Status(DiagnosticStatus status) => status switch
    {
        DiagnosticStatus.Ok => "ok",
        DiagnosticStatus.Skipped => "skipped",
        DiagnosticStatus.Warn => "warn",
        _ => "fail",
    };
}

using System.Globalization;
using System.Text;
using SupportBot.Cli.Output;

namespace SupportBot.Cli.Eval;

/// <summary>Writes per-question results as CSV or JSON, and builds the <c>--json</c> document.</summary>
internal static class EvalReport
{
    public static readonly string[] CsvColumns =
        ["index", "question", "outcome", "passed", "error_code", "latency_ms", "conversation_id", "expect_escalation", "expected_keywords", "missing_keywords", "answer", "error"];

    public static EvalReportJson ToJson(EvalSummary summary, IReadOnlyList<EvalResult> results) => new(
        new EvalSummaryJson(
            summary.Provider.ToString(),
            summary.Total,
            summary.Answered,
            summary.Escalated,
            summary.Failed,
            summary.FailedByCode,
            summary.Passed,
            Math.Round(summary.PassRate, 2),
            summary.MinPass,
            summary.MeetsThreshold,
            Round(summary.LatencyP50Ms),
            Round(summary.LatencyP95Ms),
            Round(summary.LatencyP99Ms)),
        [.. results.Select(r => new EvalResultJson(
            r.Case.Index,
            r.Case.Question,
            r.Outcome.ToString(),
            r.Passed,
            r.ErrorCode,
            r.Error,
            Round(r.Latency?.TotalMilliseconds),
            r.ConversationId,
            r.Case.ExpectedKeywords,
            r.MissingKeywords,
            r.Case.ExpectEscalation,
            r.Answer))]);

    public static string ToCsv(IReadOnlyList<EvalResult> results)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var r in results)
        {
            string[] cells =
            [
                r.Case.Index.ToString(CultureInfo.InvariantCulture),
                r.Case.Question,
                r.Outcome.ToString(),
                r.Passed ? "true" : "false",
                r.ErrorCode ?? string.Empty,
                r.Latency is { } l ? l.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) : string.Empty,
                r.ConversationId ?? string.Empty,
                r.Case.ExpectEscalation ? "true" : "false",
                string.Join(';', r.Case.ExpectedKeywords),
                string.Join(';', r.MissingKeywords),
                r.Answer ?? string.Empty,
                r.Error ?? string.Empty,
            ];
            sb.Append(string.Join(',', cells.Select(Csv.Escape))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Writes results to <paramref name="path"/>, CSV or JSON by extension.</summary>
    public static void Write(string path, EvalSummary summary, IReadOnlyList<EvalResult> results)
    {
        var content = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ToCsv(results),
            ".json" => System.Text.Json.JsonSerializer.Serialize(ToJson(summary, results), CliJson.Context.EvalReportJson),
            _ => throw new CliUsageException($"--out '{path}': expected a .csv or .json file name"),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Checks the --out file name before any question is sent.</summary>
    public static void ValidateOutPath(string? path)
    {
        if (path is not null && Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".json"))
        {
            throw new CliUsageException($"--out '{path}': expected a .csv or .json file name");
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

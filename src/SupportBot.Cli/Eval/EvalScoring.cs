using SupportBot.Client;

namespace SupportBot.Cli.Eval;

/// <summary>How one question went.</summary>
internal enum EvalOutcome
{
    /// <summary>The bot answered.</summary>
    Answered,

    /// <summary>The bot handed over to a human.</summary>
    Escalated,

    /// <summary>The call failed (error code in <see cref="EvalResult.ErrorCode"/>).</summary>
    Failed,
}

/// <summary>The result of one question.</summary>
internal sealed record EvalResult(
    EvalCase Case,
    EvalOutcome Outcome,
    bool Passed,
    TimeSpan? Latency,
    string? ConversationId,
    string? Answer,
    IReadOnlyList<string> MissingKeywords,
    string? ErrorCode,
    string? Error,
    int? ErrorExitCode);

/// <summary>Pass/fail rules and statistics.</summary>
internal static class EvalScoring
{
    /// <summary>
    /// A question passes when it expects escalation and the reply escalated, or when it does not expect escalation,
    /// the reply did not escalate, and every expected keyword appears in the answer (case-insensitive).
    /// </summary>
    public static EvalResult Score(EvalCase evalCase, ChatReply reply, TimeSpan latency)
    {
        var missing = evalCase.ExpectedKeywords
            .Where(k => !reply.Text.Contains(k, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var passed = evalCase.ExpectEscalation
            ? reply.RequiresEscalation
            : !reply.RequiresEscalation && missing.Count == 0;
        return new EvalResult(
            evalCase,
            reply.RequiresEscalation ? EvalOutcome.Escalated : EvalOutcome.Answered,
            passed,
            latency,
            reply.ConversationId,
            reply.Text,
            reply.RequiresEscalation ? [] : missing,
            null,
            null,
            null);
    }

    public static EvalResult Failure(EvalCase evalCase, Exception exception, TimeSpan? latency) => new(
        evalCase,
        EvalOutcome.Failed,
        false,
        latency,
        null,
        null,
        [],
        CliErrors.CodeFor(exception),
        CliErrors.OneLine(exception),
        CliErrors.ExitCodeFor(exception));

    /// <summary>Nearest-rank percentile: the smallest value such that at least <paramref name="percentile"/> % of the values are ≤ it.</summary>
    /// <returns>Null when there are no values.</returns>
    public static double? Percentile(IReadOnlyList<double> values, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static EvalSummary Summarize(SupportBotProvider provider, IReadOnlyList<EvalResult> results, double? minPass)
    {
        var latencies = results
            .Where(r => r.Outcome != EvalOutcome.Failed && r.Latency is not null)
            .Select(r => r.Latency!.Value.TotalMilliseconds)
            .ToList();
        var failedByCode = results
            .Where(r => r.Outcome == EvalOutcome.Failed)
            .GroupBy(r => r.ErrorCode ?? "Unknown", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var passed = results.Count(r => r.Passed);
        var passRate = results.Count == 0 ? 0 : 100.0 * passed / results.Count;
        return new EvalSummary(
            provider,
            results.Count,
            results.Count(r => r.Outcome == EvalOutcome.Answered),
            results.Count(r => r.Outcome == EvalOutcome.Escalated),
            results.Count(r => r.Outcome == EvalOutcome.Failed),
            failedByCode,
            passed,
            passRate,
            minPass,
            minPass is null || passRate >= minPass.Value,
            Percentile(latencies, 50),
            Percentile(latencies, 95),
            Percentile(latencies, 99));
    }
}

/// <summary>Totals of an eval run. <see cref="PassRate"/> and <see cref="MinPass"/> are percentages (0–100).</summary>
internal sealed record EvalSummary(
    SupportBotProvider Provider,
    int Total,
    int Answered,
    int Escalated,
    int Failed,
    IReadOnlyDictionary<string, int> FailedByCode,
    int Passed,
    double PassRate,
    double? MinPass,
    bool MeetsThreshold,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double? LatencyP99Ms);

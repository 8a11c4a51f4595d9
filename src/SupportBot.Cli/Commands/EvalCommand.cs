using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SupportBot.Cli.Eval;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>eval corpus.csv|.jsonl</c>: batch-test the bot against a question corpus.</summary>
internal static class EvalCommand
{
    public static Command Create(CommandFactory factory)
    {
        var corpus = new Argument<string>("corpus")
        {
            Description = "Questions: CSV with columns question,expected_keywords,expect_escalation (keywords ';'-separated, both optional), " +
                          "or JSON Lines {\"question\":…, \"expectedKeywords\":[…], \"expectEscalation\":true}.",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Questions in flight at once (1–64).",
            DefaultValueFactory = _ => 4,
            HelpName = "n",
        };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--concurrency must be between 1 and 64.");
        });
        var outPath = new Option<string?>("--out", "-o")
        {
            Description = "Write per-question results to this file: .csv or .json.",
            HelpName = "file",
        };
        var minPass = new Option<double?>("--min-pass")
        {
            Description = "Minimum pass rate in percent (0–100); below it the exit code is 1.",
            HelpName = "percent",
        };
        minPass.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (v < 0 || v > 100 || double.IsNaN(v))) r.AddError("--min-pass must be a percentage between 0 and 100.");
        });
        var command = new Command(
            "eval",
            "Ask every question of a corpus (a fresh conversation each) and report answered, escalated, failed by error code, pass rate " +
            "and latency p50/p95/p99. A question passes when it expects escalation and the bot escalated, or expects an answer, " +
            "got one, and the answer contains every expected keyword (case-insensitive).")
        {
            corpus,
            concurrency,
            outPath,
            minPass,
        };

        factory.SetAction(command, async context =>
        {
            var cases = EvalCorpus.Load(context.ParseResult.GetValue(corpus)!);
            var outFile = context.ParseResult.GetValue(outPath);
            EvalReport.ValidateOutPath(outFile);
            var session = await context.OpenSessionAsync().ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                return await RunAsync(context, session, cases, context.ParseResult.GetValue(concurrency), outFile, context.ParseResult.GetValue(minPass))
                    .ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, ClientSession session, IReadOnlyList<EvalCase> cases, int concurrency, string? outFile, double? minPass)
    {
        var output = context.Output;
        var runner = new EvalRunner(session.Client, context.Host.TimeProvider);
        IReadOnlyList<EvalResult> results;
        if (output.Live)
        {
            results = await output.Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"{session.Provider}: {cases.Count} questions", maxValue: cases.Count);
                    return await runner.RunAsync(cases, concurrency, _ => task.Increment(1), context.CancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            results = await runner.RunAsync(cases, concurrency, null, context.CancellationToken).ConfigureAwait(false);
        }

        var summary = EvalScoring.Summarize(session.Provider, results, minPass);
        if (outFile is not null)
        {
            EvalReport.Write(outFile, summary, results);
        }

        if (output.Json)
        {
            output.WriteJson(EvalReport.ToJson(summary, results), CliJson.Context.EvalReportJson);
        }
        else
        {
            Render(output, summary, results, outFile);
        }

        foreach (var group in results.Where(r => r.Outcome == EvalOutcome.Failed).GroupBy(r => r.ErrorCode, StringComparer.Ordinal))
        {
            var limit = group.First().ErrorExitCode == ExitCodes.QuotaOrRateLimit ? " (rate limit or quota)" : string.Empty;
            output.Warning($"{group.Count()} question(s) failed with {group.Key}{limit}, e.g. #{group.First().Case.Index}: {group.First().Error}");
        }

        if (summary.Total > 0 && summary.Failed == summary.Total)
        {
            // Nothing could be evaluated: report why with that failure's exit code (4 quota/rate limit, 5 provider/network).
            var first = results.First(r => r.Outcome == EvalOutcome.Failed);
            output.Error($"every question failed; first error: {first.Error}");
            return first.ErrorExitCode ?? ExitCodes.ProviderFailure;
        }

        if (!summary.MeetsThreshold)
        {
            output.Error(string.Create(CultureInfo.InvariantCulture, $"pass rate {summary.PassRate:0.0}% is below --min-pass {summary.MinPass:0.##}%"));
            return ExitCodes.BelowThreshold;
        }

        return ExitCodes.Ok;
    }

    private static void Render(CliOutput output, EvalSummary s, IReadOnlyList<EvalResult> results, string? outFile)
    {
        // Failed calls are summarized by error code below (each is in --out); list the answers that missed.
        var notPassed = results.Where(r => !r.Passed && r.Outcome != EvalOutcome.Failed).ToList();
        if (notPassed.Count > 0)
        {
            var failures = new Table().Title("Questions that did not pass").AddColumns("#", "question", "reason");
            foreach (var r in notPassed.Take(25))
            {
                failures.AddRow(
                    ReadCommands.Cell(r.Case.Index.ToString(CultureInfo.InvariantCulture)),
                    ReadCommands.Cell(r.Case.Question),
                    ReadCommands.Cell(Reason(r)));
            }

            output.Console.Write(failures);
            if (notPassed.Count > 25)
            {
                output.Line($"… and {notPassed.Count - 25} more (see --out).");
            }
        }

        var table = new Table().Title("Eval summary").AddColumns("metric", "value");
        void Row(string metric, string value) => table.AddRow(ReadCommands.Cell(metric), ReadCommands.Cell(value));
        Row("provider", s.Provider.ToString());
        Row("questions", Int(s.Total));
        Row("answered", Int(s.Answered));
        Row("escalated", Int(s.Escalated));
        Row("failed", Int(s.Failed));
        foreach (var (code, count) in s.FailedByCode)
        {
            Row($"  failed: {code}", Int(count));
        }

        Row("passed", string.Create(CultureInfo.InvariantCulture, $"{s.Passed}/{s.Total}"));
        Row("pass rate", string.Create(CultureInfo.InvariantCulture, $"{s.PassRate:0.0}%"));
        if (s.MinPass is { } min)
        {
            Row("min pass", string.Create(CultureInfo.InvariantCulture, $"{min:0.##}% ({(s.MeetsThreshold ? "met" : "NOT met")})"));
        }

        Row("latency p50", Ms(s.LatencyP50Ms));
        Row("latency p95", Ms(s.LatencyP95Ms));
        Row("latency p99", Ms(s.LatencyP99Ms));
        output.Console.Write(table);
        if (outFile is not null)
        {
            output.Line($"Results written to {outFile}");
        }
    }

    internal static string Reason(EvalResult r) => r.Outcome switch
    {
        EvalOutcome.Failed => $"{r.ErrorCode}: {r.Error}",
        EvalOutcome.Escalated => "escalated, expected an answer",
        _ when r.Case.ExpectEscalation => "answered, expected escalation",
        _ => "missing keywords: " + string.Join(", ", r.MissingKeywords),
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "—";
}

using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SupportBot.Cli.Doctor;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;
using SupportBot.Client.Diagnostics;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>doctor</c>: diagnoses every configured provider (options, DNS, TLS, key, bot, quota, rate limits, latency, drift).</summary>
internal static class DoctorCommand
{
    public static Command Create(CommandFactory factory)
    {
        var chat = new Option<bool>("--chat") { Description = "Also send one chat message per provider (counts against the quota; the only way to check AISupportBot's key)." };
        var drift = new Option<bool>("--drift") { Description = "Compare each response's JSON shape with the documented contract (missing or retyped fields fail; new fields are information)." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on warnings (quota ≥ 90 %, slow, rate limited, certificate expiring)." };
        var config = new Option<string?>("--config")
        {
            Description = "A JSON file listing the providers to diagnose: {\"providers\": [{\"name\", \"provider\", \"apiKeyVariable\" or \"apiKey\", \"baseUrl\", \"botId\", \"authHeader\"}]}.",
            HelpName = "file",
        };
        var slow = new Option<int>("--slow")
        {
            Description = "A call slower than this many milliseconds is a warning (default 2000).",
            HelpName = "ms",
            DefaultValueFactory = _ => 2000,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds allowed per call (default 10).",
            HelpName = "seconds",
            DefaultValueFactory = _ => 10,
        };
        var recording = new Option<string?>("--recording")
        {
            Description = "Compare a recording (supportbot record) with the documented contracts instead, offline: no provider, key or network needed.",
            HelpName = "folder",
        };
        slow.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--slow must be at least 1 ms."); });
        timeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 300) r.AddError("--timeout must be between 1 and 300 seconds."); });

        var command = new Command(
            "doctor",
            "Check every configured provider before production does: options, DNS, connection, TLS, key (401 vs 403), bot id, quota, " +
            "rate limits, latency; --chat sends one message, --drift compares responses with the documented contracts; --recording <folder> compares a recording with them, offline. " +
            "Providers come from --config, or --provider/--api-key/--base-url/--bot-id and SUPPORTBOT_<PROVIDER>_API_KEY/_BASE_URL/_BOT_ID, or --mock. " +
            "Exit codes: 0 all ok, 1 warnings with --strict, 2 usage, 6 at least one check failed.")
        {
            chat, drift, strict, config, slow, timeout, recording,
        };

        factory.SetAction(command, async context =>
        {
            var parse = context.ParseResult;
            if (parse.GetValue(recording) is { } folder)
            {
                return RecordingDrift(context.Output, folder);
            }

            IMockServerHandle? mock = null;
            if (context.Settings.Mock && parse.GetValue(config) is null)
            {
                mock = await context.Host.MockLauncher(null, null, context.CancellationToken).ConfigureAwait(false);
            }

            try
            {
                var targets = await DoctorTargets.ResolveAsync(context.Settings, parse.GetValue(config), context.Host, mock, context.CancellationToken).ConfigureAwait(false);
                var doctor = new SupportBotDoctor(new SupportBotDiagnosisOptions
                {
                    IncludeChat = parse.GetValue(chat),
                    CheckContractDrift = parse.GetValue(drift),
                    SlowThreshold = TimeSpan.FromMilliseconds(parse.GetValue(slow)),
                    CallTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    TimeProvider = context.Host.TimeProvider,
                });

                var results = new List<(DoctorTarget Target, SupportBotDiagnosis Diagnosis)>();
                foreach (var target in targets)
                {
                    results.Add((target, await doctor.DiagnoseAsync(target.Options, context.CancellationToken).ConfigureAwait(false)));
                }

                var isStrict = parse.GetValue(strict);
                var worst = results.Count == 0 ? DiagnosticStatus.Ok : results.Max(r => r.Diagnosis.Status);
                var exitCode = worst == DiagnosticStatus.Fail ? ExitCodes.DoctorFailed
                    : worst == DiagnosticStatus.Warn && isStrict ? ExitCodes.BelowThreshold
                    : ExitCodes.Ok;

                if (context.Output.Json)
                {
                    context.Output.WriteJson(
                        new DoctorJson(DoctorText.Status(worst), exitCode, isStrict, [.. results.Select(r => DoctorProviderJson.From(r.Target.Name, r.Diagnosis))]),
                        CliJson.Context.DoctorJson);
                }
                else
                {
                    Render(context.Output, results, worst, exitCode, isStrict);
                }

                return exitCode;
            }
            finally
            {
                if (mock is not null)
                {
                    await mock.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    /// <summary><c>doctor --recording</c>: each recorded mapping against the documented contract of its endpoint.</summary>
    private static int RecordingDrift(CliOutput output, string folder)
    {
        IReadOnlyList<RecordedExchangeDrift> results;
        try
        {
            results = SupportBotRecordingDrift.Compare(folder);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FormatException)
        {
            throw new CliUsageException("--recording: " + ex.Message);
        }

        var failures = results.Count(r => r.IsFailure);
        var exitCode = failures > 0 ? ExitCodes.DoctorFailed : ExitCodes.Ok;
        if (output.Json)
        {
            output.WriteJson(
                new RecordingDriftJson(failures > 0 ? "fail" : "ok", exitCode, [.. results.Select(r => new RecordedMappingJson(
                    r.MappingName, r.Endpoint, r.Status, OutcomeName(r.Outcome), r.ComparedWith, r.IsFailure,
                    [.. r.Differences.Select(d => new RecordedDifferenceJson(d.Kind.ToString(), d.Path, d.Documented, d.Live, d.IsFailure, d.ToString()))]))]),
                RecordingDriftJsonContext.Default.RecordingDriftJson);
            return exitCode;
        }

        var table = new Table().Title($"recording {Markup.Escape(folder)} against the documented contracts").AddColumns("mapping", "endpoint", "status", "compared with", "result");
        foreach (var r in results)
        {
            var verdict = r.Outcome switch
            {
                RecordedDriftOutcome.Undocumented => "[grey]undocumented endpoint: not compared[/]",
                RecordedDriftOutcome.DocumentedError => "[grey]documented error: not compared[/]",
                _ when r.IsFailure => "[red]FAIL[/]",
                _ => r.Differences.Count > 0 ? "ok (new fields)" : "[green]ok[/]",
            };
            table.AddRow(Markup.Escape(r.MappingName), Markup.Escape(r.Endpoint), r.Status.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.ComparedWith ?? "—"), verdict);
        }

        output.Console.Write(table);
        foreach (var r in results.Where(r => r.Differences.Count > 0))
        {
            foreach (var x in r.Differences)
            {
                output.Console.MarkupLine($"  {(x.IsFailure ? "[red]FAIL[/]" : "[grey]info[/]")} {Markup.Escape(r.MappingName)} ({Markup.Escape(x.Endpoint)}): {Markup.Escape(x.ToString())}");
            }
        }

        output.Line($"{results.Count} recorded mapping(s): {results.Count(r => r.Outcome == RecordedDriftOutcome.Compared)} compared, {failures} drifting → exit {exitCode}");
        return exitCode;
    }

    private static string OutcomeName(RecordedDriftOutcome outcome) => outcome switch
    {
        RecordedDriftOutcome.Compared => "compared",
        RecordedDriftOutcome.DocumentedError => "documentedError",
        _ => "undocumented",
    };

    private static void Render(CliOutput output, List<(DoctorTarget Target, SupportBotDiagnosis Diagnosis)> results, DiagnosticStatus worst, int exitCode, bool strict)
    {
        var console = output.Console;
        foreach (var (target, d) in results)
        {
            var title = $"{Markup.Escape(target.Name)} · {d.Provider} · {Markup.Escape(d.BaseAddress?.ToString() ?? "-")} · {Label(d.Status)}";
            var table = new Table().Title(title).AddColumns("check", "status", "result", "time", "fix");
            table.Columns[3].RightAligned();
            foreach (var c in d.Checks)
            {
                table.AddRow(
                    Markup.Escape(c.Name),
                    Label(c.Status),
                    Markup.Escape(c.Reason),
                    c.Latency is { } l ? FormatMs(l) : string.Empty,
                    Markup.Escape(c.Hint ?? string.Empty));
            }

            console.Write(table);
            var drift = d.ContractDifferences;
            if (drift.Count > 0)
            {
                console.MarkupLine("[bold]contract differences[/]");
                foreach (var x in drift)
                {
                    console.MarkupLine($"  {(x.IsFailure ? "[red]FAIL[/]" : "[grey]info[/]")} {Markup.Escape(x.Endpoint)}: {Markup.Escape(x.ToString())}");
                }
            }

            console.WriteLine();
        }

        var counts = string.Join(", ",
            $"{results.Count(r => r.Diagnosis.Status == DiagnosticStatus.Ok)} ok",
            $"{results.Count(r => r.Diagnosis.Status == DiagnosticStatus.Warn)} with warnings",
            $"{results.Count(r => r.Diagnosis.Status == DiagnosticStatus.Fail)} failing");
        console.MarkupLine($"{results.Count} provider(s): {counts} → {Label(worst)} (exit {exitCode}{(worst == DiagnosticStatus.Warn && !strict ? "; --strict makes warnings exit 1" : string.Empty)})");
    }

    private static string Label(DiagnosticStatus status) => status switch
    {
        DiagnosticStatus.Ok => "[green]ok[/]",
        DiagnosticStatus.Skipped => "[grey]skip[/]",
        DiagnosticStatus.Warn => "[yellow]WARN[/]",
        _ => "[red]FAIL[/]",
    };

    private static string FormatMs(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using SupportBot.Benchmarks.Micro;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Paired;

/// <summary>
/// <c>--paired</c>: the same comparisons as the BenchmarkDotNet suite (the same benchmark classes and methods), but
/// measured in one process as alternating blocks (A B, B A, A B, …) so both sides see the same background load.
/// On a shared machine whose load changes between BenchmarkDotNet's per-benchmark processes, the median of the
/// per-pair ratios is the steadier time ratio. Allocations per op come from <see cref="GC.GetTotalAllocatedBytes"/>.
/// </summary>
public static class PairedComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = IntArg(args, "--pairs", 25);
        var blockMs = IntArg(args, "--block-ms", 20);
        var outPath = StringArg(args, "--out") ?? Path.Combine("BenchmarkDotNet.Artifacts", "paired-results.md");
        var rows = new List<string>();

        foreach (var provider in Enum.GetValues<SupportBotProvider>())
        {
            var b = new ChatRoundTripBenchmarks { Provider = provider };
            b.Setup();
            rows.Add(Compare($"(a) chat round trip, {provider}", "HttpClient by hand", b.HandWrittenHttpClient, "SupportBotClient", b.SupportBotClientChat, pairs, blockMs));
            rows.Add(Compare($"(a) chat round trip, {provider}", "HttpClient by hand", b.HandWrittenHttpClient, "SupportBotClient over your HttpClient", b.SupportBotClientOverHttpClientChat, pairs, blockMs));
            b.Cleanup();
        }

        foreach (var provider in new[] { SupportBotProvider.AISupportBot, SupportBotProvider.AgentApi })
        {
            var b = new ErrorPathBenchmarks { Provider = provider };
            b.Setup();
            rows.Add(Compare($"(b) 429 → exception, {provider}", "HttpClient by hand", b.HandWrittenTooMany, "SupportBotClient", b.SupportBotTooMany, pairs, blockMs));
            b.Cleanup();
        }

        var c = new ContinuityBenchmarks();
        c.Setup();
        rows.Add(Compare("(c) AISupportBot continuity", "new conversation", c.NoHistory, "15 stored (15 sent)", c.StoredHistory15, pairs, blockMs));
        rows.Add(Compare("(c) AISupportBot continuity", "new conversation", c.NoHistory, "200 stored (15 sent)", c.StoredHistory200, pairs, blockMs));
        c.Cleanup();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Paired in-process comparison: {pairs} pairs of ~{blockMs} ms blocks per row, alternating order; time ratio = median of the per-pair ratios (p25–p75 in brackets).");
        report.AppendLine();
        report.AppendLine("| comparison | baseline | candidate | time ratio (p25–p75) | alloc ratio | baseline µs/op | candidate µs/op | baseline B/op | candidate B/op |");
        report.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        var text = report.ToString();
        Console.WriteLine(text);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, text);
        Console.Error.WriteLine($"written: {Path.GetFullPath(outPath)}");
        return 0;
    }

    private static string Compare<TA, TB>(string name, string baselineName, Func<Task<TA>> baseline, string candidateName, Func<Task<TB>> candidate, int pairs, int blockMs)
    {
        // Warm up both (tiered JIT reaches its optimized code), then size a block to ~blockMs of the baseline.
        Block(baseline, 3000);
        Block(candidate, 3000);
        var (calibration, _) = Block(baseline, 500);
        var ops = Math.Max(50, (int)(blockMs * 1000.0 / calibration));

        var ratios = new List<double>();
        double aTime = 0, bTime = 0, aBytes = 0, bBytes = 0;
        for (var i = 0; i < pairs; i++)
        {
            (double T, double B) a, b;
            if (i % 2 == 0)
            {
                a = Block(baseline, ops);
                b = Block(candidate, ops);
            }
            else
            {
                b = Block(candidate, ops);
                a = Block(baseline, ops);
            }

            ratios.Add(b.T / a.T);
            aTime += a.T;
            bTime += b.T;
            aBytes += a.B;
            bBytes += b.B;
        }

        ratios.Sort();
        double P(double q) => ratios[(int)Math.Round(q * (ratios.Count - 1))];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {baselineName} | {candidateName} | {P(0.5):0.00} ({P(0.25):0.00}–{P(0.75):0.00}) | {bBytes / aBytes:0.00} | {aTime / pairs:0.00} | {bTime / pairs:0.00} | {aBytes / pairs:0} | {bBytes / pairs:0} |");
    }

    /// <summary>Runs <paramref name="ops"/> calls; returns µs per op and bytes allocated per op.</summary>
    private static (double MicrosPerOp, double BytesPerOp) Block<T>(Func<Task<T>> op, int ops)
    {
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < ops; i++)
        {
            op().GetAwaiter().GetResult();
        }

        var elapsed = Stopwatch.GetElapsedTime(t0);
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        return (elapsed.TotalMilliseconds * 1000.0 / ops, bytes / (double)ops);
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using SupportBot.Benchmarks.Infrastructure;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Benchmarks.Load;

/// <summary>
/// <c>--load</c>: starts the embedded mock server on 127.0.0.1 (demo seed, quotas lifted so nothing is rejected),
/// drives N concurrent clients × M AISupportBot chat requests through the SDK and through hand-written HttpClient code
/// against the same server in the same process (alternating rounds), then runs wrk against the same endpoint when
/// wrk is installed. Prints markdown tables; nothing leaves the loopback interface.
/// </summary>
public static class LoadTest
{
    private const SupportBotProvider Provider = SupportBotProvider.AISupportBot;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = IntArg(args, "--clients", 8);
        var requests = IntArg(args, "--requests", 500);
        var rounds = IntArg(args, "--rounds", 5);
        var warmups = IntArg(args, "--warmup-rounds", 2);
        var wrkSeconds = Math.Clamp(IntArg(args, "--wrk-seconds", 8), 1, 10);
        var wrkConnections = IntArg(args, "--wrk-connections", 8);
        var outPath = StringArg(args, "--out") ?? Path.Combine("BenchmarkDotNet.Artifacts", "load-results.md");

        var seed = MockSeed.Demo;
        foreach (var account in seed.Accounts)
        {
            account.QuotaLimit = null; // 8 × 500 × rounds requests would exhaust the demo's 1000/month.
        }

        await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed, Host = "127.0.0.1" });
        var baseAddress = server.BaseAddressFor(Provider);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Mock server {server.BaseAddress} (loopback), endpoint POST {baseAddress}chat, {clients} concurrent clients × {requests} requests per round, {rounds} rounds per mode (alternating, medians reported), after {warmups} untimed warm-up rounds per mode.");
        report.AppendLine();

        using var rawHandler = NewSocketsHandler();
        using var sdkHandler = NewSocketsHandler();
        var raw = Enumerable.Range(0, clients).Select(_ => HandWritten.CreateHttpClient(Provider, rawHandler, baseAddress, disposeHandler: false)).ToArray();
        var sdk = Enumerable.Range(0, clients).Select(_ => new SupportBotClient(new HttpClient(sdkHandler, disposeHandler: false), server.CreateOptions(Provider))).ToArray();
        var owned = Enumerable.Range(0, clients).Select(_ => server.CreateClient(Provider)).ToArray();

        var modes = new (string Name, Func<int, Task<bool>> Call)[]
        {
            ("HttpClient by hand", async i => await HandWritten.ChatAsync(Provider, raw[i], Fixtures.Question).ConfigureAwait(false) is { Length: > 0 }),
            ("SupportBotClient (shared SocketsHttpHandler)", async i => (await sdk[i].ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false)).Text.Length > 0),
            ("SupportBotClient (own HttpClient, as shipped)", async i => (await owned[i].ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false)).Text.Length > 0),
        };

        for (var w = 1; w <= warmups; w++)
        {
            foreach (var (name, call) in modes)
            {
                var r = await DriveAsync(call, clients, requests);
                server.Journal.Clear();
                Console.Error.WriteLine($"warm-up {w} {name}: {r.RequestsPerSecond:0} req/s, p50 {r.P50:0.000} ms, p99 {r.P99:0.000} ms, failures {r.Failures}");
            }
        }

        var results = modes.ToDictionary(m => m.Name, _ => new List<RoundResult>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, call) in modes)
            {
                var r = await DriveAsync(call, clients, requests);
                server.Journal.Clear(); // the journal keeps every request; clear it so the heap does not grow between rounds
                results[name].Add(r);
                Console.Error.WriteLine($"round {round} {name}: {r.RequestsPerSecond:0} req/s, p50 {r.P50:0.000} ms, p99 {r.P99:0.000} ms, failures {r.Failures}");
            }
        }

        var baseline = Median(results[modes[0].Name]);
        report.AppendLine("| client | req/s ratio vs HttpClient | p50 ratio | p95 ratio | p99 ratio |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _) in modes)
        {
            var m = Median(results[name]);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {m.RequestsPerSecond / baseline.RequestsPerSecond:0.00} | {m.P50 / baseline.P50:0.00} | {m.P95 / baseline.P95:0.00} | {m.P99 / baseline.P99:0.00} |");
        }

        report.AppendLine();
        report.AppendLine("Absolute numbers (median of the rounds for each column; latencies in ms per request, measured in the client, queueing included):");
        report.AppendLine();
        report.AppendLine("| client | rounds | requests/round | failures | req/s median (each round) | p50 | p95 | p99 | max |");
        report.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var (name, _) in modes)
        {
            var all = results[name];
            var m = Median(all);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {all.Count} | {clients * requests} | {all.Sum(r => r.Failures)} | {m.RequestsPerSecond:0} ({string.Join(" / ", all.Select(r => r.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)))}) | {m.P50:0.000} | {m.P95:0.000} | {m.P99:0.000} | {m.Max:0.000} |");
        }

        foreach (var c in sdk.Concat(owned))
        {
            c.Dispose();
        }

        foreach (var c in raw)
        {
            c.Dispose();
        }

        report.AppendLine();
        server.Journal.Clear();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        report.AppendLine(await RunWrkAsync(new Uri(baseAddress, "chat"), wrkSeconds, wrkConnections));
        var journaled = server.Journal.Count;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Mock server journal after the wrk run: {journaled:N0} entries kept, managed heap +{(heapAfter - heapBefore) / 1024.0 / 1024.0:0.0} MiB (≈ {(journaled == 0 ? 0 : (heapAfter - heapBefore) / (double)journaled):0} bytes per request); the journal has no cap."));
        server.Journal.Clear();
        report.AppendLine();
        report.AppendLine(ConversationStoreRetention(20_000));

        var text = report.ToString();
        Console.WriteLine(text);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, text);
        Console.Error.WriteLine($"written: {Path.GetFullPath(outPath)}");
        return results.Values.Sum(rs => rs.Sum(r => r.Failures)) == 0 ? 0 : 1;
    }

    private static SocketsHttpHandler NewSocketsHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    };

    private sealed record RoundResult(double RequestsPerSecond, double P50, double P95, double P99, double Max, int Failures);

    /// <summary>The median of each metric separately over the rounds.</summary>
    private static RoundResult Median(List<RoundResult> rounds)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new RoundResult(
            Mid(rounds.Select(r => r.RequestsPerSecond)), Mid(rounds.Select(r => r.P50)), Mid(rounds.Select(r => r.P95)),
            Mid(rounds.Select(r => r.P99)), Mid(rounds.Select(r => r.Max)), rounds.Sum(r => r.Failures));
    }

    private static async Task<RoundResult> DriveAsync(Func<int, Task<bool>> call, int clients, int requests)
    {
        var latencies = new long[clients * requests];
        var failures = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            await start.Task.ConfigureAwait(false);
            for (var i = 0; i < requests; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    if (!await call(c).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or SupportBotException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[(c * requests) + i] = Stopwatch.GetTimestamp() - t0;
            }
        })).ToArray();

        var wall = Stopwatch.StartNew();
        start.SetResult();
        await Task.WhenAll(workers);
        wall.Stop();

        Array.Sort(latencies);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Pct(double p) => Ms(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p / 100.0 * latencies.Length) - 1)]);
        return new RoundResult(latencies.Length / wall.Elapsed.TotalSeconds, Pct(50), Pct(95), Pct(99), Ms(latencies[^1]), failures);
    }

    private static async Task<string> RunWrkAsync(Uri url, int seconds, int connections)
    {
        var wrk = FindOnPath("wrk");
        if (wrk is null)
        {
            return "wrk: not installed, skipped (`apt-get install -y wrk`).";
        }

        var script = Path.Combine(AppContext.BaseDirectory, "wrk", "aisupportbot-chat.lua");
        var psi = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "5s", "-s", script, url.AbsoluteUri })
        {
            psi.ArgumentList.Add(a);
        }

        Console.Error.WriteLine($"wrk {string.Join(' ', psi.ArgumentList)}");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 20));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout;
        Console.Error.WriteLine(output + await stderr);

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_RESULT ", StringComparison.Ordinal));
        if (line is null)
        {
            return "wrk: ran but printed no result line:\n\n```\n" + output + "\n```";
        }

        var f = line["WRK_RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        var rps = f["requests"] / (f["duration_us"] / 1_000_000.0);
        var errors = f["errors_connect"] + f["errors_read"] + f["errors_write"] + f["errors_status"] + f["errors_timeout"];
        var version = output.Split('\n').FirstOrDefault(l => l.StartsWith("Running", StringComparison.Ordinal))?.Trim();
        return string.Create(CultureInfo.InvariantCulture, $"""
            wrk against the same server (`wrk -t2 -c{connections} -d{seconds}s -s wrk/aisupportbot-chat.lua {url}`; {version}):

            | tool | connections | duration | requests | errors (connect/read/write/status/timeout) | req/s | p50 ms | p95 ms | p99 ms | max ms |
            |---|---:|---:|---:|---|---:|---:|---:|---:|---:|
            | wrk 4.1.0 | {connections} | {f["duration_us"] / 1_000_000.0:0.0} s | {f["requests"]:0} | {errors:0} ({f["errors_connect"]:0}/{f["errors_read"]:0}/{f["errors_write"]:0}/{f["errors_status"]:0}/{f["errors_timeout"]:0}) | {rps:0} | {f["p50"] / 1000.0:0.000} | {f["p95"] / 1000.0:0.000} | {f["p99"] / 1000.0:0.000} | {f["max"] / 1000.0:0.000} |
            """);
    }

    /// <summary>
    /// How much memory the default <see cref="InMemoryConversationStore"/> keeps per AISupportBot conversation that is
    /// never continued (one ChatAsync without a ConversationId): it has no eviction, so this grows for the life of
    /// the client.
    /// </summary>
    private static string ConversationStoreRetention(int conversations)
    {
        var store = new InMemoryConversationStore();
        using var client = new SupportBotClient(new HttpClient(Fixtures.OkHandler(Provider)), Fixtures.Options(Provider, store));
        client.ChatAsync(new ChatRequest(Fixtures.Question)).GetAwaiter().GetResult();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < conversations; i++)
        {
            client.ChatAsync(new ChatRequest(Fixtures.Question)).GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        return string.Create(CultureInfo.InvariantCulture,
            $"Conversation store retention (AISupportBot, default InMemoryConversationStore, in-memory handler): {conversations:N0} one-turn conversations → store.Count = {store.Count:N0}, retained heap +{(after - before) / 1024.0 / 1024.0:0.0} MiB ≈ {(after - before) / (double)conversations:0} bytes per conversation, never released while the client lives.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Benchmarks.Servers;

/// <summary>
/// <c>--compare-servers</c>: the same request (<c>POST /aisupportbot/api/chat</c> with <c>X-API-Key</c>) and the same
/// answer bytes from a bare Kestrel endpoint, SupportBot.MockServer (3-document knowledge base, and the 24-article demo
/// seed; quotas off, every request journaled, counted and answered by retrieval), WireMock.Net in process and the
/// Java WireMock (when java and its jar are present), driven in turn by wrk (or the built-in generator) in one run;
/// prints req/s, p50, p99 and the ratio to bare Kestrel. <c>--soak N</c> adds an N-second full-load run per mock
/// server scenario sampling its memory (<c>--soak-only</c>: just that). Only 127.0.0.1 is load-tested.
/// </summary>
public static class CompareServers
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Math.Clamp(Args.Int(args, "--seconds", 8), 1, 120);
        var warmup = Math.Clamp(Args.Int(args, "--warmup", 3), 0, 60);
        var connections = Args.Int(args, "--connections", 32);
        var rounds = Math.Clamp(Args.Int(args, "--rounds", 1), 1, 10);
        var soak = Math.Clamp(Args.Int(args, "--soak", 0), 0, 600);
        var builtIn = args.Contains("--builtin") || LoadDriver.FindOnPath("wrk") is null;
        var only = Args.String(args, "--only");
        var outPath = Args.String(args, "--out");
        var request = new LoadRequest(BenchSeeds.Path, [("X-API-Key", BenchSeeds.ApiKey)], BenchSeeds.Body);

        // The answer every server sends: the mock server's own answer to the request, taken once.
        byte[] answer;
        await using (var probe = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = BenchSeeds.ThreeDocuments() }))
        {
            using var http = new HttpClient();
            using var content = new StringContent(BenchSeeds.Body, Encoding.UTF8, "application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(probe.BaseAddress, BenchSeeds.Path.TrimStart('/'))) { Content = content };
            message.Headers.Add("X-API-Key", BenchSeeds.ApiKey);
            using var response = await http.SendAsync(message);
            answer = await response.Content.ReadAsByteArrayAsync();
        }

        if (args.Contains("--soak-only"))
        {
            var soakReport = await SoakAsync(Math.Max(soak, 1), connections, builtIn);
            Console.WriteLine(soakReport);
            if (outPath is not null)
            {
                await File.WriteAllTextAsync(outPath, soakReport);
            }

            return 0;
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"POST {BenchSeeds.Path}, X-API-Key, the same {answer.Length}-byte answer from every server; {(builtIn ? "built-in load generator" : "wrk -t2")} -c{connections} -d{seconds}s after a {warmup} s warm-up, {rounds} round(s), {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        report.AppendLine();
        Console.Error.WriteLine($"answer ({answer.Length} bytes): {Encoding.UTF8.GetString(answer)}");

        var servers = new List<(string Name, Func<Task<(Uri Root, Func<ValueTask> Stop, Func<string>? After)>> Start)>
        {
            ("bare Kestrel minimal endpoint", async () =>
            {
                var k = await BareKestrel.StartAsync(answer);
                return (k.Root, k.DisposeAsync, null);
            }),
            ("SupportBot.MockServer, 3 documents", () => StartMockAsync(BenchSeeds.ThreeDocuments())),
            ("SupportBot.MockServer, demo seed (24 articles)", () => StartMockAsync(BenchSeeds.Demo())),
            ("WireMock.Net 1.25.0 in process", () =>
            {
                var w = WireMockNet.Start(answer);
                return Task.FromResult<(Uri, Func<ValueTask>, Func<string>?)>((w.Root, () => { w.Dispose(); return ValueTask.CompletedTask; }, null));
            }),
        };
        if (JavaWireMock.FindJar(args) is { } jar && LoadDriver.FindOnPath("java") is not null)
        {
            servers.Add(($"Java WireMock ({Path.GetFileName(jar)})", async () =>
            {
                var j = await JavaWireMock.StartAsync(jar, answer) ?? throw new InvalidOperationException("Java WireMock did not start.");
                return (j.Root, j.DisposeAsync, null);
            }));
        }
        else
        {
            report.AppendLine("Java WireMock: skipped (no java on PATH or no wiremock-standalone jar; pass --wiremock-jar PATH).");
            report.AppendLine();
        }

        if (only is not null)
        {
            servers = servers.Where(s => s.Name.Contains(only, StringComparison.OrdinalIgnoreCase) || s.Name.StartsWith("bare", StringComparison.Ordinal)).ToList();
        }

        var results = servers.ToDictionary(s => s.Name, _ => new List<LoadResult>());
        var notes = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, start) in servers)
            {
                var (root, stop, after) = await start();
                try
                {
                    if (warmup > 0)
                    {
                        await LoadDriver.RunAsync(root, request, connections, warmup, builtIn);
                    }

                    var gc = (G0: GC.CollectionCount(0), G1: GC.CollectionCount(1), G2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration(), Alloc: GC.GetTotalAllocatedBytes(), Contention: Monitor.LockContentionCount);
                    var r = await LoadDriver.RunAsync(root, request, connections, seconds, builtIn);
                    var gcNote = string.Create(CultureInfo.InvariantCulture, $"in-process GCs gen0/1/2 {GC.CollectionCount(0) - gc.G0}/{GC.CollectionCount(1) - gc.G1}/{GC.CollectionCount(2) - gc.G2}, GC pauses {(GC.GetTotalPauseDuration() - gc.Pause).TotalMilliseconds:0} ms, {(GC.GetTotalAllocatedBytes() - gc.Alloc) / (double)Math.Max(1, r.Requests):0} bytes allocated per request, {Monitor.LockContentionCount - gc.Contention:N0} lock contentions");
                    Console.Error.WriteLine($"  {gcNote}");
                    results[name].Add(r);
                    Console.Error.WriteLine($"round {round} {name}: {r.RequestsPerSecond:0} req/s, p50 {r.P50Ms:0.00} ms, p99 {r.P99Ms:0.00} ms, errors {r.Errors}");
                    if (round == rounds)
                    {
                        // The in-process counters mean nothing for a server in another process (the Java WireMock).
                        var inProcess = !name.StartsWith("Java", StringComparison.Ordinal);
                        notes.Add($"{name}: {(after?.Invoke() is { } note ? note + "; " : string.Empty)}{(inProcess ? gcNote : "out of process")}");
                    }
                }
                finally
                {
                    await stop();
                }
            }
        }

        var kestrel = Median(results[servers[0].Name]);
        report.AppendLine("| server | req/s | p50 ms | p99 ms | req/s ratio to bare Kestrel | errors |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, _) in servers)
        {
            var r = Median(results[name]);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.RequestsPerSecond / kestrel.RequestsPerSecond:P0} | {r.Errors} |");
        }

        report.AppendLine();
        foreach (var note in notes)
        {
            report.AppendLine("- " + note);
        }

        if (soak > 0)
        {
            report.AppendLine();
            report.AppendLine(await SoakAsync(soak, connections, builtIn));
        }

        Console.WriteLine(report.ToString());
        if (outPath is not null)
        {
            await File.WriteAllTextAsync(outPath, report.ToString());
        }

        return 0;
    }

    private static LoadResult Median(List<LoadResult> runs) => runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);

    private static async Task<(Uri Root, Func<ValueTask> Stop, Func<string>? After)> StartMockAsync(MockSeed seed)
    {
        var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed });
        var account = seed.Bots.Single(b => b.Id == BenchSeeds.AssistantId && b.Provider == SupportBotProvider.AISupportBot).AccountId!;
        return (server.BaseAddress, server.DisposeAsync, () =>
        {
            var journal = server.Journal;
            var last = journal.Count == 0 ? 0 : journal[journal.Count - 1].Sequence;
            return $"{last:N0} requests journaled (the last {journal.Count:N0} kept), {server.AccountUsage(account) - seed.Accounts.Single(a => a.Id == account).QuotaUsed:N0} counted against the account's quota";
        });
    }

    /// <summary>Full load for <paramref name="seconds"/> on each scenario while sampling the process's memory every 5 s.</summary>
    private static async Task<string> SoakAsync(int seconds, int connections, bool builtIn)
    {
        var sb = new StringBuilder();
        var scenarios = new (string Name, MockSeed Seed, LoadRequest Request)[]
        {
            ("AISupportBot chat (stateless; journal grows)", BenchSeeds.ThreeDocuments(), new LoadRequest(BenchSeeds.Path, [("X-API-Key", BenchSeeds.ApiKey)], BenchSeeds.Body)),
            ("Asyntai chat without session_id (a new conversation per request)", BenchSeeds.Demo(), new LoadRequest("/asyntai/api/v1/chat/", [("Authorization", "Bearer YOUR_API_KEY")], """{"message":"How do I reset my password?"}""")),
        };
        foreach (var (name, seed, request) in scenarios)
        {
            await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed });
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var samples = new List<(int Second, double HeapMiB, double WorkingSetMiB, int Journal)>();
            var sw = Stopwatch.StartNew();
            var load = LoadDriver.RunAsync(server.BaseAddress, request, connections, seconds, builtIn);
            samples.Add((0, GC.GetTotalMemory(false) / 1048576.0, Process.GetCurrentProcess().WorkingSet64 / 1048576.0, server.Journal.Count));
            while (!load.IsCompleted)
            {
                await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(5)));
                using var process = Process.GetCurrentProcess();
                samples.Add(((int)Math.Round(sw.Elapsed.TotalSeconds), GC.GetTotalMemory(false) / 1048576.0, process.WorkingSet64 / 1048576.0, server.Journal.Count));
            }

            var result = await load;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var settled = GC.GetTotalMemory(true) / 1048576.0;
            sb.AppendLine(CultureInfo.InvariantCulture, $"Soak, {name}: {seconds} s at -c{connections}, {result.Requests:N0} requests ({result.RequestsPerSecond:N0} req/s, p99 {result.P99Ms:0.00} ms, errors {result.Errors}); managed heap after a full GC at the end: {settled:0.0} MiB.");
            sb.AppendLine();
            sb.AppendLine("| t (s) | managed heap MiB | working set MiB | journal entries |");
            sb.AppendLine("|---:|---:|---:|---:|");
            foreach (var (t, heap, ws, journal) in samples)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {t} | {heap:0.0} | {ws:0.0} | {journal:N0} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}

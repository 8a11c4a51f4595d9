using BenchmarkDotNet.Running;
using SupportBot.Benchmarks.Load;
using SupportBot.Benchmarks.Paired;
using SupportBot.Benchmarks.Servers;
using SupportBot.Benchmarks.Store;

// Two entry points in one executable:
//   --load ...        the load test against the embedded mock server (+ wrk when installed); no BenchmarkDotNet.
//   --paired ...      the micro comparisons as alternating in-process blocks (steadier ratios on a busy machine).
//   --store ...       the conversation store per chat turn: in-memory against Redis (p50/p99, ops/s); needs a redis-server.
//   --compare-servers bare Kestrel, the mock server, WireMock.Net and the Java WireMock under the same load, same run.
//   anything else     BenchmarkDotNet (e.g. `--filter '*' --job short`).
if (args.Contains("--load"))
{
    return await LoadTest.RunAsync(args);
}

if (args.Contains("--compare-servers"))
{
    return await CompareServers.RunAsync(args);
}

if (args.Contains("--store"))
{
    return await StoreBenchmark.RunAsync(args);
}

if (args.Contains("--paired"))
{
    return await PairedComparison.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

using BenchmarkDotNet.Running;
using SupportBot.Benchmarks.Load;
using SupportBot.Benchmarks.Paired;

// Two entry points in one executable:
//   --load ...        the load test against the embedded mock server (+ wrk when installed); no BenchmarkDotNet.
//   --paired ...      the micro comparisons as alternating in-process blocks (steadier ratios on a busy machine).
//   anything else     BenchmarkDotNet (e.g. `--filter '*' --job short`).
if (args.Contains("--load"))
{
    return await LoadTest.RunAsync(args);
}

if (args.Contains("--paired"))
{
    return await PairedComparison.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using SupportBot.Client;
using SupportBot.Client.Redis;

namespace SupportBot.Benchmarks.Store;

/// <summary>
/// <c>--store [--redis host:port] [--ops N] [--concurrency C]</c>: the conversation store's cost per chat turn, the default in-memory
/// store against <see cref="RedisConversationStore"/> on the same machine. Per operation — read the recent tail (what the AISupportBot
/// adapter replays, 15 messages) and append a turn (2 messages) — it reports p50, p99 and ops/s, sequential (one caller) and
/// concurrent (C callers). Redis is taken from <c>--redis</c> or <c>SUPPORTBOT_TEST_REDIS</c>. Not a test: it prints a table for
/// docs/benchmarks.md.
/// </summary>
public static class StoreBenchmark
{
    private static readonly ConversationMessage[] Turn =
    [
        ConversationMessage.FromUser("How do I reset my password? I tried the link in the email but it expired."),
        ConversationMessage.FromAssistant("The reset link is sent to your registered email and is valid for 24 hours. Request a new one from the sign-in page."),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var endpoint = Arg(args, "--redis") ?? Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_REDIS");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            Console.Error.WriteLine("store benchmark: give --redis host:port or SUPPORTBOT_TEST_REDIS (e.g. redis-server --port 6390 --save '' &).");
            return 2;
        }

        var ops = int.Parse(Arg(args, "--ops") ?? "20000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var prefix = $"supportbot:bench:{Guid.NewGuid():N}:";
        var stores = new (string Name, IConversationStore Store)[]
        {
            ("InMemoryConversationStore", new InMemoryConversationStore(maxConversations: 1_000_000)),
            ("RedisConversationStore", new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix, SlidingExpiration = TimeSpan.FromMinutes(10) })),
        };

        Console.WriteLine($"store benchmark: {ops} operations per row, 1 and {concurrency} callers, Redis at {endpoint} ({Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine("| store | operation | callers | p50 (µs) | p99 (µs) | ops/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, store) in stores)
        {
            // Warm-up: connections, JIT, the server's first keys.
            await MeasureAsync(store, "append", 2000, 4, conversations: 500);
            foreach (var callers in new[] { 1, concurrency })
            {
                foreach (var operation in new[] { "append", "read tail (15)", "turn (read + append)" })
                {
                    var (p50, p99, perSecond) = await MeasureAsync(store, operation, ops, callers, conversations: 1000);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {operation} | {callers} | {p50:0.0} | {p99:0.0} | {perSecond:0} |"));
                }
            }
        }

        // Leave nothing behind on the server.
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 1000))
        {
            await connection.GetDatabase().KeyDeleteAsync(key);
        }

        return 0;
    }

    private static async Task<(double P50, double P99, double PerSecond)> MeasureAsync(
        IConversationStore store, string operation, int ops, int callers, int conversations)
    {
        var latencies = new double[ops];
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(async worker =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ops)
            {
                var id = "conv_" + (i % conversations).ToString(CultureInfo.InvariantCulture);
                var started = Stopwatch.GetTimestamp();
                switch (operation)
                {
                    case "append":
                        await store.AppendAsync(id, Turn);
                        break;
                    case "read tail (15)":
                        _ = await store.GetRecentMessagesAsync(id, 15);
                        break;
                    default:
                        _ = await store.GetRecentMessagesAsync(id, 15);
                        await store.AppendAsync(id, Turn);
                        break;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }).ToArray();
        await Task.WhenAll(workers);
        total.Stop();
        Array.Sort(latencies);
        return (latencies[ops / 2], latencies[(int)(ops * 0.99)], ops / total.Elapsed.TotalSeconds);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

using System.Diagnostics;
using System.Text;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Robustness;

/// <summary>Tests that measure the process's allocations run alone, so no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}

/// <summary>
/// Real sockets against a server that misbehaves: a body that trickles, a body far larger than any answer. Both the client that
/// owns its pipeline (<c>new SupportBotClient(options)</c>) and one over the caller's <see cref="HttpClient"/> are bounded.
/// </summary>
public sealed class HostileServerTests
{
    public static TheoryData<bool> Hosts => new() { true, false };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_trickling_body_ends_as_Timeout_within_the_total_timeout(bool sdkOwnsPipeline)
    {
        // Headers at once, then one body byte every 500 ms: the whole body would take 100 s.
        await using var server = new RawHttpServer(RawHttpServer.Chunked(200, "{"u8.ToArray(), count: 200, delay: TimeSpan.FromMilliseconds(500)));
        using var client = Create(SupportBotProvider.AgentApi, server.BaseAddress, sdkOwnsPipeline, o => o.Timeout = o.AttemptTimeout = TimeSpan.FromSeconds(2));

        var watch = Stopwatch.StartNew();
        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hello"))).Should().ThrowAsync<SupportBotException>();

        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        ex.Which.Message.Should().Contain("timed out");

        // A hang guard, not a speed test: 2 s of budget plus a wide margin for a loaded machine, far below the body's 100 s.
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Caller_cancellation_during_a_trickling_body_stays_OperationCanceledException(bool sdkOwnsPipeline)
    {
        await using var server = new RawHttpServer(RawHttpServer.Chunked(200, "{"u8.ToArray(), count: 200, delay: TimeSpan.FromMilliseconds(500)));
        using var client = Create(SupportBotProvider.AgentApi, server.BaseAddress, sdkOwnsPipeline, o => o.Timeout = o.AttemptTimeout = TimeSpan.FromSeconds(60));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hello"), cts.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    internal static SupportBotClient Create(SupportBotProvider provider, Uri baseAddress, bool sdkOwnsPipeline, Action<SupportBotClientOptions>? configure = null)
    {
        var options = TestClients.Options(provider, o =>
        {
            o.BaseAddress = baseAddress;
            configure?.Invoke(o);
        });
        return sdkOwnsPipeline ? new SupportBotClient(options) : new SupportBotClient(new HttpClient(), options);
    }
}

/// <summary>Bodies of 64 MiB: refused at the cap, never held whole; error bodies cut at what the exception keeps.</summary>
[Collection(MemoryCollection.Name)]
public sealed class HugeBodyTests
{
    private const long SixtyFourMiB = 64L * 1024 * 1024;

    /// <summary>Generous: a memory guard, not a speed test. Reading the 64 MiB body whole would allocate several times this.</summary>
    private const long AllocationBound = 50L * 1024 * 1024;

    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));

    public static TheoryData<SupportBotProvider, bool> ProvidersAndHosts()
    {
        var data = new TheoryData<SupportBotProvider, bool>();
        foreach (var provider in Enum.GetValues<SupportBotProvider>())
        {
            data.Add(provider, true);
            data.Add(provider, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndHosts))]
    public async Task A_64_MiB_chunked_chat_answer_is_ResponseTooLarge_without_buffering_it(SupportBotProvider provider, bool sdkOwnsPipeline)
    {
        await using var server = new RawHttpServer(RawHttpServer.Chunked(200, Filler, count: (int)(SixtyFourMiB / Filler.Length)));
        using var client = HostileServerTests.Create(provider, server.BaseAddress, sdkOwnsPipeline);

        var (ex, allocated) = await MeasureAsync(() => client.ChatAsync(new ChatRequest("hello") { ConversationId = "c1" }));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ResponseTooLarge);
        ex.Message.Should().Contain("MaxResponseBytes (4194304 bytes)");
        ex.StatusCode.Should().Be(200);
        allocated.Should().BeLessThan(AllocationBound);
    }

    [Fact]
    public async Task A_Content_Length_over_the_cap_is_refused_before_reading()
    {
        await using var server = new RawHttpServer(RawHttpServer.Sized(200, SixtyFourMiB, Filler));
        using var client = HostileServerTests.Create(SupportBotProvider.AgentApi, server.BaseAddress, sdkOwnsPipeline: true, o => o.MaxResponseBytes = 1024 * 1024);

        var (ex, allocated) = await MeasureAsync(() => client.ChatAsync(new ChatRequest("hello")));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ResponseTooLarge);
        ex.Message.Should().Contain("MaxResponseBytes (1048576 bytes): Content-Length is 67108864.");
        allocated.Should().BeLessThan(AllocationBound);
    }

    [Theory]
    [MemberData(nameof(ProvidersAndHosts))]
    public async Task A_64_MiB_error_body_is_read_only_as_far_as_ResponseBody_keeps(SupportBotProvider provider, bool sdkOwnsPipeline)
    {
        await using var server = new RawHttpServer(RawHttpServer.Chunked(500, Filler, count: (int)(SixtyFourMiB / Filler.Length)));
        using var client = HostileServerTests.Create(provider, server.BaseAddress, sdkOwnsPipeline);

        var (ex, allocated) = await MeasureAsync(() => client.ChatAsync(new ChatRequest("hello") { ConversationId = "c1" }));

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.StatusCode.Should().Be(500);
        ex.ResponseBody!.Length.Should().BeLessThanOrEqualTo(SupportBotException.MaxResponseBodyLength + 1);
        allocated.Should().BeLessThan(AllocationBound);
    }

    private static async Task<(SupportBotException Exception, long Allocated)> MeasureAsync(Func<Task> call)
    {
        GC.Collect();
#if NET
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await FluentActions.Awaiting(call).Should().ThrowAsync<SupportBotException>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
#else
        // .NET Framework (and Mono) count no allocated bytes per process: the heap's growth bounds them from below instead.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var ex = await FluentActions.Awaiting(call).Should().ThrowAsync<SupportBotException>();
        var allocated = Math.Max(0, GC.GetTotalMemory(forceFullCollection: false) - before);
#endif
        return (ex.Which, allocated);
    }
}

using System.Net;
using BenchmarkDotNet.Attributes;
using SupportBot.Benchmarks.Infrastructure;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Micro;

/// <summary>
/// (b) The error path: a documented 429 body becomes a typed exception, thrown and caught by the caller.
/// AISupportBot's 429 is the monthly quota (<see cref="SupportBotQuotaExceededException"/>, used/limit parsed);
/// AgentApi's is a rate limit with <c>Retry-After</c> (<see cref="SupportBotRateLimitException"/>). The baseline reads
/// the error body and Retry-After by hand and throws its own exception. The SDK client is built over a plain
/// HttpClient, so no retry pipeline runs: this is the cost of one failed attempt.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ErrorPathBenchmarks
{
    private SupportBotClient _sdk = null!;
    private HttpClient _raw = null!;

    [Params(SupportBotProvider.AISupportBot, SupportBotProvider.AgentApi)]
    public SupportBotProvider Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (body, headers) = Fixtures.TooManyRequests(Provider);
        IConversationStore? store = Provider == SupportBotProvider.AISupportBot ? new RecyclingConversationStore() : null;
        _sdk = new SupportBotClient(new CannedHandler(HttpStatusCode.TooManyRequests, body, headers), Fixtures.Options(Provider, store), disposeHandler: true);
        _raw = HandWritten.CreateHttpClient(Provider, new CannedHandler(HttpStatusCode.TooManyRequests, body, headers), Fixtures.BaseAddress(Provider));
        if (HandWrittenTooMany().GetAwaiter().GetResult() is null || SupportBotTooMany().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The 429 did not throw.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HttpClient by hand: 429 -> own exception")]
    public async Task<Exception?> HandWrittenTooMany()
    {
        try
        {
            await HandWritten.ChatAsync(Provider, _raw, Fixtures.Question).ConfigureAwait(false);
            return null;
        }
        catch (HandWrittenTooManyRequestsException ex)
        {
            return ex;
        }
    }

    [Benchmark(Description = "SupportBotClient: 429 -> typed exception")]
    public async Task<Exception?> SupportBotTooMany()
    {
        try
        {
            await _sdk.ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false);
            return null;
        }
        catch (SupportBotQuotaExceededException ex)
        {
            return ex;
        }
        catch (SupportBotRateLimitException ex)
        {
            return ex;
        }
    }
}

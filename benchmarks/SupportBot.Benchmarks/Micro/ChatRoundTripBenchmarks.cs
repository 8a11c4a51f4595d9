using BenchmarkDotNet.Attributes;
using SupportBot.Benchmarks.Infrastructure;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Micro;

/// <summary>
/// (a) One chat round trip per provider over an in-memory handler returning the documented answer:
/// <see cref="SupportBotClient.ChatAsync(ChatRequest, CancellationToken)"/> versus the hand-written HttpClient code
/// (PostAsJsonAsync + ReadFromJsonAsync with a source-generated context). Both send the same kind of body and parse
/// the same bytes; the ratio is the SDK's own cost (validation, normalization, headers, diagnostics, error mapping,
/// conversation id and, for AISupportBot, the conversation store).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChatRoundTripBenchmarks
{
    private SupportBotClient _sdk = null!;
    private SupportBotClient _sdkOverHttpClient = null!;
    private HttpClient _raw = null!;

    [ParamsAllValues]
    public SupportBotProvider Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // AISupportBot: a new conversation per call, as for the first turn; the store is the SDK's default one,
        // recycled every 4096 conversations so the heap does not grow for the whole run.
        IConversationStore? store = Provider == SupportBotProvider.AISupportBot ? new RecyclingConversationStore() : null;
        // As DI and new SupportBotClient(options) send: straight into a handler chain. And over a caller's HttpClient, which
        // costs a copy of each request (an HttpRequestMessage is sent once per HttpClient).
        _sdk = new SupportBotClient(Fixtures.OkHandler(Provider), Fixtures.Options(Provider, store), disposeHandler: true);
        _sdkOverHttpClient = new SupportBotClient(new HttpClient(Fixtures.OkHandler(Provider)), Fixtures.Options(Provider, store));
        _raw = HandWritten.CreateHttpClient(Provider, Fixtures.OkHandler(Provider), Fixtures.BaseAddress(Provider));

        // Both paths must really work before they are timed.
        if (HandWritten.ChatAsync(Provider, _raw, Fixtures.Question).GetAwaiter().GetResult() is not { Length: > 0 }
            || _sdk.ChatAsync(new ChatRequest(Fixtures.Question)).GetAwaiter().GetResult().Text is not { Length: > 0 })
        {
            throw new InvalidOperationException("A canned round trip returned no answer.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _sdkOverHttpClient.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HttpClient by hand")]
    public Task<string?> HandWrittenHttpClient() => HandWritten.ChatAsync(Provider, _raw, Fixtures.Question);

    [Benchmark(Description = "SupportBotClient")]
    public async Task<string?> SupportBotClientChat() => (await _sdk.ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false)).Text;

    [Benchmark(Description = "SupportBotClient over your HttpClient")]
    public async Task<string?> SupportBotClientOverHttpClientChat() => (await _sdkOverHttpClient.ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false)).Text;
}

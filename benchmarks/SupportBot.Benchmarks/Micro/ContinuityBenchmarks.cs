using BenchmarkDotNet.Attributes;
using SupportBot.Benchmarks.Infrastructure;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Micro;

/// <summary>
/// (c) AISupportBot continuity: the API is stateless, so the SDK keeps each conversation in its
/// <see cref="InMemoryConversationStore"/> and replays the most recent 15 messages as <c>history</c>.
/// Baseline: a new conversation (nothing stored, no history sent). "15 stored": a conversation whose store holds
/// exactly 15 messages (a store capped at 15, so it stays at 15 after each turn's append): the request carries 15
/// history messages. "200 stored": a long conversation in the default store (cap 200): still 15 sent, but the store
/// is read in full every turn.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ContinuityBenchmarks
{
    private const string ConversationId = "conv_0123456789abcdef0123456789abcdef";

    private SupportBotClient _fresh = null!;
    private SupportBotClient _history15 = null!;
    private SupportBotClient _history200 = null!;

    [GlobalSetup]
    public void Setup()
    {
        const SupportBotProvider p = SupportBotProvider.AISupportBot;
        _fresh = new SupportBotClient(Fixtures.OkHandler(p), Fixtures.Options(p, new RecyclingConversationStore()), disposeHandler: true);
        _history15 = new SupportBotClient(Fixtures.OkHandler(p), Fixtures.Options(p, Seeded(new InMemoryConversationStore(maxMessagesPerConversation: 15), 15)), disposeHandler: true);
        _history200 = new SupportBotClient(Fixtures.OkHandler(p), Fixtures.Options(p, Seeded(new InMemoryConversationStore(), 200)), disposeHandler: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fresh.Dispose();
        _history15.Dispose();
        _history200.Dispose();
    }

    [Benchmark(Baseline = true, Description = "new conversation (no history)")]
    public async Task<string?> NoHistory() => (await _fresh.ChatAsync(new ChatRequest(Fixtures.Question)).ConfigureAwait(false)).Text;

    [Benchmark(Description = "15 stored messages (15 sent)")]
    public async Task<string?> StoredHistory15() =>
        (await _history15.ChatAsync(new ChatRequest(Fixtures.Question) { ConversationId = ConversationId }).ConfigureAwait(false)).Text;

    [Benchmark(Description = "200 stored messages (15 sent)")]
    public async Task<string?> StoredHistory200() =>
        (await _history200.ChatAsync(new ChatRequest(Fixtures.Question) { ConversationId = ConversationId }).ConfigureAwait(false)).Text;

    private static InMemoryConversationStore Seeded(InMemoryConversationStore store, int messages)
    {
        var turns = new ConversationMessage[messages];
        var at = DateTimeOffset.Parse("2024-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < messages; i++)
        {
            turns[i] = i % 2 == 0
                ? new ConversationMessage(MessageRole.User, $"Question {i}: how do I export my notes to PDF?", at.AddSeconds(i))
                : new ConversationMessage(MessageRole.Assistant, $"Answer {i}: open the note, choose Share > Export > PDF, then pick a folder.", at.AddSeconds(i));
        }

        store.AppendAsync(ConversationId, turns).AsTask().GetAwaiter().GetResult();
        return store;
    }
}

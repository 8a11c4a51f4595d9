using SupportBot.Client;

namespace SupportBot.Benchmarks.Infrastructure;

/// <summary>
/// The SDK's own <see cref="InMemoryConversationStore"/>, replaced by a fresh one every <c>recycleEvery</c> appends.
/// AISupportBot benchmarks that start a new conversation per call would otherwise grow the default store by one
/// conversation per invocation for the whole run (it has no eviction; see docs/benchmarks.md), and the growing heap
/// would distort later iterations. The per-call work measured is the real store's.
/// </summary>
public sealed class RecyclingConversationStore(int recycleEvery = 4096) : IConversationStore
{
    private InMemoryConversationStore _inner = new();
    private int _appends;

    public ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _inner.GetMessagesAsync(conversationId, cancellationToken);

    public ValueTask<IReadOnlyList<ConversationMessage>> GetRecentMessagesAsync(string conversationId, int maxMessages, CancellationToken cancellationToken = default) =>
        _inner.GetRecentMessagesAsync(conversationId, maxMessages, cancellationToken);

    public ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _appends) % recycleEvery == 0)
        {
            _inner = new InMemoryConversationStore();
        }

        return _inner.AppendAsync(conversationId, messages, cancellationToken);
    }

    public ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(conversationId, cancellationToken);
}

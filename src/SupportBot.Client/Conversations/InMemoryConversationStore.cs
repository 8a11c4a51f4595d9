namespace SupportBot.Client;

/// <summary>
/// The default <see cref="IConversationStore"/>: process memory, thread-safe and bounded — each conversation keeps its
/// most recent <see cref="MaxMessagesPerConversation"/> messages, and beyond <see cref="MaxConversations"/> the least
/// recently used conversation is forgotten.
/// </summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Conversation>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Conversation> _recency = new(); // most recently used first

    /// <summary>Creates a store.</summary>
    /// <param name="maxMessagesPerConversation">How many messages each conversation keeps (default 200).</param>
    /// <param name="maxConversations">How many conversations are kept before the least recently used is forgotten (default 10,000).</param>
    public InMemoryConversationStore(int maxMessagesPerConversation = 200, int maxConversations = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessagesPerConversation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConversations, 1);
        MaxMessagesPerConversation = maxMessagesPerConversation;
        MaxConversations = maxConversations;
    }

    /// <summary>How many messages each conversation keeps.</summary>
    public int MaxMessagesPerConversation { get; }

    /// <summary>How many conversations are kept.</summary>
    public int MaxConversations { get; }

    /// <summary>How many conversations are held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        GetRecentMessagesAsync(conversationId, int.MaxValue, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationMessage>> GetRecentMessagesAsync(string conversationId, int maxMessages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessages);
        lock (_gate)
        {
            if (!_index.TryGetValue(conversationId, out var node))
            {
                return new([]);
            }

            Touch(node);
            var messages = node.Value.Messages;
            var take = Math.Min(maxMessages, messages.Count);
            return new(messages.GetRange(messages.Count - take, take).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        lock (_gate)
        {
            if (_index.TryGetValue(conversationId, out var node))
            {
                Touch(node);
            }
            else
            {
                node = _recency.AddFirst(new Conversation(conversationId));
                _index.Add(conversationId, node);
                if (_index.Count > MaxConversations)
                {
                    var oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _index.Remove(oldest.Value.Id);
                }
            }

            var list = node.Value.Messages;
            list.AddRange(messages);
            var excess = list.Count - MaxMessagesPerConversation;
            if (excess > 0)
            {
                list.RemoveRange(0, excess);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        lock (_gate)
        {
            if (_index.Remove(conversationId, out var node))
            {
                _recency.Remove(node);
            }
        }

        return default;
    }

    private void Touch(LinkedListNode<Conversation> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    private sealed record Conversation(string Id)
    {
        public List<ConversationMessage> Messages { get; } = [];
    }
}

using System.Collections.Concurrent;

namespace SupportBot.Client;

/// <summary>
/// The default <see cref="IConversationStore"/>: process memory, thread-safe, bounded per conversation
/// (the oldest messages are dropped beyond <see cref="MaxMessagesPerConversation"/>).
/// </summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly ConcurrentDictionary<string, List<ChatMessage>> _conversations = new(StringComparer.Ordinal);

    /// <summary>Creates a store.</summary>
    /// <param name="maxMessagesPerConversation">How many messages each conversation keeps (default 200).</param>
    public InMemoryConversationStore(int maxMessagesPerConversation = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessagesPerConversation, 1);
        MaxMessagesPerConversation = maxMessagesPerConversation;
    }

    /// <summary>How many messages each conversation keeps.</summary>
    public int MaxMessagesPerConversation { get; }

    /// <summary>How many conversations are held.</summary>
    public int Count => _conversations.Count;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!_conversations.TryGetValue(conversationId, out var list))
        {
            return new([]);
        }

        lock (list)
        {
            return new(list.ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(string conversationId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        var list = _conversations.GetOrAdd(conversationId, static _ => []);
        lock (list)
        {
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
        _conversations.TryRemove(conversationId, out _);
        return default;
    }
}

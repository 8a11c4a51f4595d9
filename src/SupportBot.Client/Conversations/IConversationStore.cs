namespace SupportBot.Client;

/// <summary>
/// Keeps the history of conversations for providers that are stateless (AISupportBot), so the SDK can replay it.
/// Implementations must be thread-safe. Replace the in-memory default with a distributed one for web farms. Deriving from
/// <see cref="ConversationStore"/> supplies <see cref="GetRecentMessagesAsync"/> from <see cref="GetMessagesAsync"/>.
/// </summary>
public interface IConversationStore
{
    /// <summary>Reads a conversation's messages, oldest first; empty when unknown.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages.</returns>
    ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the most recent <paramref name="maxMessages"/> messages of a conversation, oldest first — what the SDK replays as
    /// history. Read just the tail where the store can (<see cref="ConversationStore"/> implements it by reading them all).
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="maxMessages">The most messages to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages.</returns>
    ValueTask<IReadOnlyList<ConversationMessage>> GetRecentMessagesAsync(string conversationId, int maxMessages, CancellationToken cancellationToken = default);

    /// <summary>Appends messages to a conversation, creating it when new.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messages">The messages, oldest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Forgets a conversation.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// A base for <see cref="IConversationStore"/> implementations: <see cref="GetRecentMessagesAsync"/> reads the whole conversation and
/// keeps its tail; override it when the store can read just the tail. (An interface member with a body would do the same on .NET,
/// but .NET Framework cannot run default interface methods.)
/// </summary>
public abstract class ConversationStore : IConversationStore
{
    /// <inheritdoc />
    public abstract ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual async ValueTask<IReadOnlyList<ConversationMessage>> GetRecentMessagesAsync(string conversationId, int maxMessages, CancellationToken cancellationToken = default)
    {
        var all = await GetMessagesAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return all.Count <= maxMessages ? all : all.Skip(all.Count - maxMessages).ToArray();
    }

    /// <inheritdoc />
    public abstract ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}

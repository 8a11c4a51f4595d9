namespace SupportBot.Client;

/// <summary>One message of a conversation.</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">The text.</param>
/// <param name="Timestamp">When it was written, when known.</param>
public sealed record ConversationMessage(MessageRole Role, string Content, DateTimeOffset? Timestamp = null)
{
    /// <summary>A user message.</summary>
    /// <param name="content">The text.</param>
    /// <returns>The message.</returns>
    public static ConversationMessage FromUser(string content) => new(MessageRole.User, content);

    /// <summary>An assistant message.</summary>
    /// <param name="content">The text.</param>
    /// <returns>The message.</returns>
    public static ConversationMessage FromAssistant(string content) => new(MessageRole.Assistant, content);
}

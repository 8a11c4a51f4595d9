using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Samples.WebChat;

/// <summary>Body of <c>POST /api/chat</c>.</summary>
/// <param name="Message">The user's message (required, at most <see cref="WebChatApp.MaxMessageLength"/> characters).</param>
/// <param name="ConversationId">The id returned by the previous turn, to continue the conversation.</param>
public sealed record ChatApiRequest(string? Message, string? ConversationId);

/// <summary>Answer of <c>POST /api/chat</c>.</summary>
/// <param name="Text">The answer; empty when <paramref name="RequiresEscalation"/> (show a hand-over notice instead).</param>
/// <param name="ConversationId">Send it back with the next message.</param>
/// <param name="RequiresEscalation">The bot could not answer: hand the user to a human.</param>
/// <param name="Sources">Knowledge-base articles the answer came from (AgentApi).</param>
/// <param name="Confidence">The provider's confidence, when it reports one.</param>
public sealed record ChatApiResponse(string Text, string ConversationId, bool RequiresEscalation, IReadOnlyList<ChatApiSource> Sources, double? Confidence);

/// <summary>A source of an answer.</summary>
/// <param name="Title">The article title (the document id when it has none).</param>
/// <param name="DocumentId">The document id.</param>
public sealed record ChatApiSource(string Title, string DocumentId);

/// <summary>Error body of every non-2xx answer: a sentence the page can show. Never contains provider details or the key.</summary>
/// <param name="Error">What went wrong, for the user.</param>
public sealed record ChatError(string Error);

/// <summary>Source-generated JSON metadata for the proxy's contract (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatApiRequest))]
[JsonSerializable(typeof(ChatApiResponse))]
[JsonSerializable(typeof(ChatError))]
public sealed partial class WebChatJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SupportBot.MockServer.Providers.AgentApi;

/// <summary>Error body <c>{error:{code, message}}</c>.</summary>
internal sealed record AgentErrorReply(AgentErrorWire Error);

/// <summary>Error detail.</summary>
internal sealed record AgentErrorWire(string Code, string Message);

/// <summary><c>POST v1/query</c> 200.</summary>
internal sealed record AgentQueryReply(string Answer, string ConversationId, string MessageId, IReadOnlyList<AgentSourceWire> Sources, double Confidence);

/// <summary>A source passage of an answer.</summary>
internal sealed record AgentSourceWire(string DocumentId, string Title, string Excerpt);

/// <summary>A document in <c>GET v1/documents</c> (without its content).</summary>
internal sealed record AgentDocumentSummaryWire(string Id, string Title, string? Url, string Status, IReadOnlyDictionary<string, string>? Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary><c>GET v1/documents/{id}</c> 200: the document with its content.</summary>
internal sealed record AgentDocumentReply(string Id, string Title, string Content, string? Url, string Status, IReadOnlyDictionary<string, string>? Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary><c>GET v1/documents</c> 200.</summary>
internal sealed record AgentDocumentListReply(IReadOnlyList<AgentDocumentSummaryWire> Documents, string? NextCursor);

/// <summary>202 of a document write: <c>{job_id, document_id, status:"queued"}</c>.</summary>
internal sealed record AgentJobReply(string JobId, string DocumentId, string Status);

/// <summary>202 of <c>POST v1/documents/reindex</c>: <c>{job_id, status:"queued"}</c>.</summary>
internal sealed record AgentReindexReply(string JobId, string Status);

/// <summary><c>GET v1/conversations</c> 200.</summary>
internal sealed record AgentConversationListReply(IReadOnlyList<AgentConversationSummaryWire> Conversations, string? NextCursor);

/// <summary>A conversation in the list.</summary>
internal sealed record AgentConversationSummaryWire(string Id, DateTimeOffset StartedAt, DateTimeOffset LastMessageAt, int MessageCount, bool Escalated);

/// <summary><c>GET v1/conversations/{id}</c> 200.</summary>
internal sealed record AgentConversationReply(string Id, IReadOnlyList<AgentMessageWire> Messages);

/// <summary>A transcript message.</summary>
internal sealed record AgentMessageWire(string Role, string Content, DateTimeOffset? Timestamp);

/// <summary><c>GET v1/gaps</c> 200.</summary>
internal sealed record AgentGapListReply(IReadOnlyList<AgentGapWire> Gaps);

/// <summary>A question the bot could not answer confidently.</summary>
internal sealed record AgentGapWire(string Question, string? ConversationId, DateTimeOffset AskedAt, double Confidence);

/// <summary><c>GET v1/actions</c> 200.</summary>
internal sealed record AgentActionListReply(IReadOnlyList<AgentActionWire> Actions);

/// <summary>A connected-system action.</summary>
internal sealed record AgentActionWire(string Name, string? Description, string? Provider);

/// <summary><c>POST v1/actions/{name}</c> 200.</summary>
internal sealed record AgentActionResultReply(string Action, string Status, JsonObject Result);

/// <summary><c>GET v1/usage</c> 200.</summary>
internal sealed record AgentUsageReply(
    string Plan,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long QueriesUsed,
    long? QueriesLimit,
    long DocumentsUsed,
    long? DocumentsLimit,
    long ActionsUsed,
    long? ActionsLimit);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AgentErrorReply))]
[JsonSerializable(typeof(AgentQueryReply))]
[JsonSerializable(typeof(AgentDocumentReply))]
[JsonSerializable(typeof(AgentDocumentListReply))]
[JsonSerializable(typeof(AgentJobReply))]
[JsonSerializable(typeof(AgentReindexReply))]
[JsonSerializable(typeof(AgentConversationListReply))]
[JsonSerializable(typeof(AgentConversationReply))]
[JsonSerializable(typeof(AgentGapListReply))]
[JsonSerializable(typeof(AgentActionListReply))]
[JsonSerializable(typeof(AgentActionResultReply))]
[JsonSerializable(typeof(AgentUsageReply))]
internal sealed partial class AgentApiWireContext : JsonSerializerContext
{
    public static AgentApiWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}

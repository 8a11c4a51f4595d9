using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AgentApi;

/// <summary>Body of <c>POST /v1/query</c>.</summary>
public sealed class AgentApiQueryRequest
{
    /// <summary>The question (required).</summary>
    public required string Message { get; init; }

    /// <summary>The conversation to continue.</summary>
    public string? ConversationId { get; init; }

    /// <summary>A JWT your backend signed for the end user, scoping personalized lookups. Never logged.</summary>
    public string? UserToken { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"AgentApiQueryRequest {{ ConversationId = {ConversationId}, UserToken = {(UserToken is null ? "(none)" : "***")} }}";
}

/// <summary>
/// Response of <c>POST /v1/query</c>. The document names its content — the answer, source references with document ids and passage
/// excerpts, and metadata with the confidence indicator and conversation id — but not its field names, so the plausible shapes are
/// all read: ids and confidence flat or under <c>metadata</c>; confidence as a number (0–1, or a percentage) or a label
/// (<c>high</c>/<c>medium</c>/<c>low</c>); sources with <c>document_id</c> or <c>id</c> and <c>excerpt</c>, <c>passage</c> or <c>text</c>.
/// </summary>
public sealed class AgentApiQueryResponse
{
    private readonly IReadOnlyList<AgentApiSource> _sources = [];
    private readonly string? _conversationId;
    private readonly string? _messageId;
    private readonly JsonNode? _confidence;

    /// <summary>The answer text.</summary>
    public string? Answer { get; init; }

    /// <summary>The conversation id, for continuity (flat, or under <c>metadata</c>).</summary>
    public string? ConversationId
    {
        get => _conversationId ?? Metadata?.ConversationId;
        init => _conversationId = value;
    }

    /// <summary>The message id (flat, or under <c>metadata</c>).</summary>
    public string? MessageId
    {
        get => _messageId ?? Metadata?.MessageId;
        init => _messageId = value;
    }

    /// <summary>The passages the answer used.</summary>
    public IReadOnlyList<AgentApiSource> Sources
    {
        get => _sources;
        init => _sources = WireList.Of(value);
    }

    /// <summary>The confidence indicator as sent (flat, or under <c>metadata</c>): a number or a label.</summary>
    [JsonPropertyName("confidence")]
    public JsonNode? ConfidenceValue
    {
        get => _confidence ?? Metadata?.ConfidenceValue;
        init => _confidence = value;
    }

    /// <summary>The confidence, 0–1: the number sent (a percentage is scaled), or a label mapped (high 0.9, medium 0.6, low 0.3).</summary>
    /// <remarks>Read-only: set <see cref="ConfidenceValue"/> (a settable ignored member breaks System.Text.Json 8's generated reader).</remarks>
    [JsonIgnore]
    public double? Confidence => AgentApiConfidence.Read(ConfidenceValue).Value;

    /// <summary>The confidence label when the provider sent one (<c>high</c>, <c>medium</c>, <c>low</c>, …); null for a number.</summary>
    [JsonIgnore]
    public string? ConfidenceLabel => AgentApiConfidence.Read(ConfidenceValue).Label;

    /// <summary>The <c>metadata</c> object, when the provider nests ids and confidence there.</summary>
    public AgentApiQueryMetadata? Metadata { get; init; }
}

/// <summary>The <c>metadata</c> of a query response.</summary>
public sealed class AgentApiQueryMetadata
{
    /// <summary>The conversation id.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The message id.</summary>
    public string? MessageId { get; init; }

    /// <summary>The confidence indicator as sent: a number or a label.</summary>
    [JsonPropertyName("confidence")]
    public JsonNode? ConfidenceValue { get; init; }
}

/// <summary>A source reference: <c>{document_id, title, excerpt}</c>, also read as <c>id</c> and <c>passage</c>/<c>text</c>.</summary>
public sealed class AgentApiSource
{
    private readonly string? _documentId;
    private readonly string? _excerpt;

    /// <summary>For the serializer.</summary>
    [JsonConstructor]
    public AgentApiSource()
    {
    }

    /// <summary>Creates a source reference.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="title">The title.</param>
    /// <param name="excerpt">The passage excerpt.</param>
    public AgentApiSource(string? documentId, string? title, string? excerpt)
    {
        _documentId = documentId;
        Title = title;
        _excerpt = excerpt;
    }

    /// <summary>The document id (<c>document_id</c>, or <c>id</c>).</summary>
    public string? DocumentId
    {
        get => _documentId ?? Id;
        init => _documentId = value;
    }

    /// <summary>The id, when the provider names the document id <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The passage excerpt (<c>excerpt</c>, or <c>passage</c>, or <c>text</c>).</summary>
    public string? Excerpt
    {
        get => _excerpt ?? Passage ?? Text;
        init => _excerpt = value;
    }

    /// <summary>The excerpt, when the provider names it <c>passage</c>.</summary>
    public string? Passage { get; init; }

    /// <summary>The excerpt, when the provider names it <c>text</c>.</summary>
    public string? Text { get; init; }
}

/// <summary>A knowledge-base document.</summary>
public sealed class AgentApiDocument
{
    /// <summary>The id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The text (omitted in listings).</summary>
    public string? Content { get; init; }

    /// <summary>Where the content came from.</summary>
    public string? Url { get; init; }

    /// <summary><c>queued</c>, <c>indexed</c>, <c>deleting</c> or <c>failed</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Free-form string metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Body of <c>POST /v1/documents</c> and <c>PUT /v1/documents/{id}</c>.</summary>
public sealed class AgentApiDocumentWrite
{
    /// <summary>The title (required on create).</summary>
    public string? Title { get; init; }

    /// <summary>The text (required on create).</summary>
    public string? Content { get; init; }

    /// <summary>Where the content came from.</summary>
    public string? Url { get; init; }

    /// <summary>Free-form string metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>A page of documents from <c>GET /v1/documents</c>.</summary>
public sealed class AgentApiDocumentList
{
    /// <summary>The documents.</summary>
    public IReadOnlyList<AgentApiDocument> Documents
    {
        get => _documents;
        init => _documents = WireList.Of(value);
    }

    private readonly IReadOnlyList<AgentApiDocument> _documents = [];

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

/// <summary>A queued knowledge-base job (HTTP 202): writes are queued, not rejected.</summary>
public sealed class AgentApiJob
{
    /// <summary>The job id.</summary>
    public string? JobId { get; init; }

    /// <summary>The document concerned, for document writes.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The job status, e.g. <c>queued</c>.</summary>
    public string? Status { get; init; }
}

/// <summary>A conversation summary.</summary>
public sealed class AgentApiConversationSummary
{
    /// <summary>The conversation id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last message was sent.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>How many messages it has.</summary>
    public int? MessageCount { get; init; }

    /// <summary>Whether any answer in it escalated.</summary>
    public bool? Escalated { get; init; }
}

/// <summary>A page of conversations from <c>GET /v1/conversations</c>.</summary>
public sealed class AgentApiConversationList
{
    /// <summary>The conversations, newest first.</summary>
    public IReadOnlyList<AgentApiConversationSummary> Conversations
    {
        get => _conversations;
        init => _conversations = WireList.Of(value);
    }

    private readonly IReadOnlyList<AgentApiConversationSummary> _conversations = [];

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

/// <summary>A full transcript from <c>GET /v1/conversations/{id}</c>.</summary>
public sealed class AgentApiConversation
{
    /// <summary>The conversation id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The messages, oldest first.</summary>
    public IReadOnlyList<AgentApiMessage> Messages
    {
        get => _messages;
        init => _messages = WireList.Of(value);
    }

    private readonly IReadOnlyList<AgentApiMessage> _messages = [];
}

/// <summary>One transcript message.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="Timestamp">When sent.</param>
public sealed record AgentApiMessage(string Role, string Content, DateTimeOffset? Timestamp);

/// <summary>The gap log from <c>GET /v1/gaps</c>: questions the bot could not answer.</summary>
public sealed class AgentApiGapList
{
    /// <summary>The gaps, most recent first.</summary>
    public IReadOnlyList<AgentApiGap> Gaps
    {
        get => _gaps;
        init => _gaps = WireList.Of(value);
    }

    private readonly IReadOnlyList<AgentApiGap> _gaps = [];
}

/// <summary>One unanswered question.</summary>
/// <param name="Question">The question asked.</param>
/// <param name="ConversationId">Where it was asked.</param>
/// <param name="AskedAt">When.</param>
/// <param name="Confidence">The confidence of the rejected answer.</param>
public sealed record AgentApiGap(string Question, string? ConversationId, DateTimeOffset? AskedAt, double? Confidence);

/// <summary>The connected-system actions from <c>GET /v1/actions</c>.</summary>
public sealed class AgentApiActionList
{
    /// <summary>The actions.</summary>
    public IReadOnlyList<AgentApiAction> Actions
    {
        get => _actions;
        init => _actions = WireList.Of(value);
    }

    private readonly IReadOnlyList<AgentApiAction> _actions = [];
}

/// <summary>A connected-system action (Shopify, Stripe, Calendly…).</summary>
/// <param name="Name">The action name, used in <c>POST /v1/actions/{name}</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="Provider">The connected system.</param>
public sealed record AgentApiAction(string Name, string? Description, string? Provider);

/// <summary>Body of <c>POST /v1/actions/{name}</c>.</summary>
public sealed class AgentApiActionRequest
{
    /// <summary>The action's parameters.</summary>
    public JsonObject? Parameters { get; init; }

    /// <summary>The conversation the action belongs to.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The end user's JWT. Never logged.</summary>
    public string? UserToken { get; init; }
}

/// <summary>Result of <c>POST /v1/actions/{name}</c>.</summary>
public sealed class AgentApiActionResult
{
    /// <summary>The action name.</summary>
    public string? Action { get; init; }

    /// <summary><c>completed</c>, <c>queued</c> or <c>failed</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The connected system's result.</summary>
    public JsonNode? Result { get; init; }
}

/// <summary>Usage of the current period from <c>GET /v1/usage</c>.</summary>
public sealed class AgentApiUsage
{
    /// <summary>The plan.</summary>
    public string? Plan { get; init; }

    /// <summary>Period start.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>Period end.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>Queries used (API and widget combined).</summary>
    public long? QueriesUsed { get; init; }

    /// <summary>Queries allowed.</summary>
    public long? QueriesLimit { get; init; }

    /// <summary>Knowledge-base documents stored.</summary>
    public long? DocumentsUsed { get; init; }

    /// <summary>Knowledge-base documents allowed.</summary>
    public long? DocumentsLimit { get; init; }

    /// <summary>Actions run.</summary>
    public long? ActionsUsed { get; init; }

    /// <summary>Actions allowed.</summary>
    public long? ActionsLimit { get; init; }
}

/// <summary>The AgentApi wire contract's source-generated serializer context (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentApiQueryRequest))]
[JsonSerializable(typeof(AgentApiQueryResponse))]
[JsonSerializable(typeof(AgentApiDocument))]
[JsonSerializable(typeof(AgentApiDocumentWrite))]
[JsonSerializable(typeof(AgentApiDocumentList))]
[JsonSerializable(typeof(AgentApiJob))]
[JsonSerializable(typeof(AgentApiConversationList))]
[JsonSerializable(typeof(AgentApiConversation))]
[JsonSerializable(typeof(AgentApiGapList))]
[JsonSerializable(typeof(AgentApiActionList))]
[JsonSerializable(typeof(AgentApiActionRequest))]
[JsonSerializable(typeof(AgentApiActionResult))]
[JsonSerializable(typeof(AgentApiUsage))]
internal sealed partial class AgentApiJsonContext : JsonSerializerContext;

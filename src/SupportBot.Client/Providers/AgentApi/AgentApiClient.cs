using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AgentApi;

/// <summary>
/// The AI Support Agent API: query, knowledge base (queued writes, re-index), conversation logs, gap log,
/// actions and usage, with <c>Authorization: Bearer sk_…</c> keys carrying scopes
/// (<c>query</c>, <c>kb:read</c>, <c>kb:write</c>, <c>logs:read</c>, <c>actions</c>).
/// </summary>
public class AgentApiClient
{
    /// <summary>The most items one list call returns.</summary>
    public const int MaxPageSize = 100;

    private const SupportBotProvider P = SupportBotProvider.AgentApi;
    private readonly ProviderTransport _transport = null!;
    private readonly IAgentApi _api = null!;

    /// <summary>For mocking.</summary>
    protected AgentApiClient()
    {
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>; <see cref="SupportBotClientOptions.Provider"/> is ignored.</summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">Key and base address (required: the API has no public default host).</param>
    /// <exception cref="SupportBotValidationException">The options are invalid, e.g. no base address.</exception>
    public AgentApiClient(HttpClient httpClient, SupportBotClientOptions options)
        : this(new ProviderTransport(httpClient, options, P))
    {
    }

    internal AgentApiClient(ProviderTransport transport)
    {
        _transport = transport;
        _api = transport.CreateApi<IAgentApi>(AgentApiJsonContext.Default);
    }

    /// <summary>Asks the bot (<c>POST v1/query</c>, scope <c>query</c>).</summary>
    /// <param name="request">Question, conversation and user token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Answer, sources, confidence and conversation id; <see cref="SupportBotResponse{T}.QuotaWarning"/> carries <c>X-Quota-Warning</c>.</returns>
    /// <exception cref="SupportBotRateLimitException">HTTP 429 with <c>Retry-After</c>.</exception>
    public virtual async Task<SupportBotResponse<AgentApiQueryResponse>> QueryAsync(AgentApiQueryRequest request, CancellationToken cancellationToken = default)
    {
        Validate.NotNull(P, request, nameof(request));
        Validate.Message(P, request.Message);
        var response = await _transport.SendAsync("Query", ct => _api.QueryAsync(request, ct), cancellationToken,
            chat: (span, r) => ProviderTransport.ConversationOnSpan(span, r.ConversationId ?? request.ConversationId)).ConfigureAwait(false);
        if (response.Value.Answer is null)
        {
            throw _transport.InvalidResponse(response, "Query", "'answer' is missing.");
        }

        return response;
    }

    /// <summary>Lists indexed documents (<c>GET v1/documents</c>, scope <c>kb:read</c>).</summary>
    /// <param name="limit">Page size, 1–100; the server default when null.</param>
    /// <param name="cursor">The previous page's <see cref="AgentApiDocumentList.NextCursor"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of documents.</returns>
    public virtual Task<SupportBotResponse<AgentApiDocumentList>> ListDocumentsAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync("ListDocuments", ct => _api.ListDocumentsAsync(Limit(limit), Cursor(cursor), ct), cancellationToken);

    /// <summary>Reads one document (<c>GET v1/documents/{id}</c>, scope <c>kb:read</c>).</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document with its content.</returns>
    public virtual Task<SupportBotResponse<AgentApiDocument>> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync("GetDocument", ct => _api.GetDocumentAsync(DocumentId(documentId), ct), cancellationToken);

    /// <summary>Adds a document (<c>POST v1/documents</c>, scope <c>kb:write</c>). Queued: HTTP 202, searchable once the job runs.</summary>
    /// <param name="document">Title and content are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queued job with the new document id.</returns>
    public virtual Task<SupportBotResponse<AgentApiJob>> CreateDocumentAsync(AgentApiDocumentWrite document, CancellationToken cancellationToken = default)
    {
        Validate.NotNull(P, document, nameof(document));
        Validate.NotBlank(P, document.Title, "Title");
        Validate.NotBlank(P, document.Content, "Content");
        return _transport.SendAsync("CreateDocument", ct => _api.CreateDocumentAsync(document, ct), cancellationToken, Queued);
    }

    /// <summary>Updates a document (<c>PUT v1/documents/{id}</c>, scope <c>kb:write</c>). Queued: HTTP 202.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="document">The fields to replace; null fields are left unchanged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queued job.</returns>
    public virtual Task<SupportBotResponse<AgentApiJob>> UpdateDocumentAsync(string documentId, AgentApiDocumentWrite document, CancellationToken cancellationToken = default)
    {
        Validate.NotNull(P, document, nameof(document));
        var id = DocumentId(documentId);
        return _transport.SendAsync("UpdateDocument", ct => _api.UpdateDocumentAsync(id, document, ct), cancellationToken, Queued);
    }

    /// <summary>Deletes a document (<c>DELETE v1/documents/{id}</c>, scope <c>kb:write</c>). Queued: HTTP 202.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queued job.</returns>
    public virtual Task<SupportBotResponse<AgentApiJob>> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync("DeleteDocument", ct => _api.DeleteDocumentAsync(DocumentId(documentId), ct), cancellationToken, Queued);

    /// <summary>Re-indexes the knowledge base (<c>POST v1/documents/reindex</c>, scope <c>kb:write</c>). Queued: HTTP 202.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queued job.</returns>
    public virtual Task<SupportBotResponse<AgentApiJob>> ReindexAsync(CancellationToken cancellationToken = default) =>
        _transport.SendAsync("Reindex", _api.ReindexAsync, cancellationToken, Queued);

    /// <summary>Lists conversations (<c>GET v1/conversations</c>, scope <c>logs:read</c>).</summary>
    /// <param name="limit">Page size, 1–100.</param>
    /// <param name="cursor">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of conversations.</returns>
    public virtual Task<SupportBotResponse<AgentApiConversationList>> ListConversationsAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync("ListConversations", ct => _api.ListConversationsAsync(Limit(limit), Cursor(cursor), ct), cancellationToken);

    /// <summary>Reads a conversation's transcript (<c>GET v1/conversations/{id}</c>, scope <c>logs:read</c>).</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="limit">The most recent messages to return, 1–100; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transcript.</returns>
    public virtual Task<SupportBotResponse<AgentApiConversation>> GetConversationAsync(string conversationId, int? limit = null, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(P, conversationId, nameof(conversationId));
        var pageSize = Limit(limit);
        return _transport.SendAsync("GetConversation", ct => _api.GetConversationAsync(conversationId, pageSize, ct), cancellationToken);
    }

    /// <summary>Reads the gap log: questions the bot could not answer (<c>GET v1/gaps</c>, scope <c>logs:read</c>).</summary>
    /// <param name="limit">The most entries to return, 1–100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The gaps.</returns>
    public virtual Task<SupportBotResponse<AgentApiGapList>> GetGapsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendAsync("GetGaps", ct => _api.GetGapsAsync(Limit(limit), ct), cancellationToken);

    /// <summary>Lists connected-system actions (<c>GET v1/actions</c>, scope <c>actions</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The actions.</returns>
    public virtual Task<SupportBotResponse<AgentApiActionList>> ListActionsAsync(CancellationToken cancellationToken = default) =>
        _transport.SendAsync("ListActions", _api.ListActionsAsync, cancellationToken);

    /// <summary>Triggers an action (<c>POST v1/actions/{name}</c>, scope <c>actions</c>).</summary>
    /// <param name="name">The action name.</param>
    /// <param name="request">Parameters, conversation and user token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The action's result.</returns>
    public virtual Task<SupportBotResponse<AgentApiActionResult>> RunActionAsync(string name, AgentApiActionRequest? request = null, CancellationToken cancellationToken = default)
    {
        Validate.NotBlank(P, name, nameof(name));
        var body = request ?? new AgentApiActionRequest();
        return _transport.SendAsync("RunAction", ct => _api.RunActionAsync(name, body, ct), cancellationToken);
    }

    /// <summary>Reads the current period's usage (<c>GET v1/usage</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Usage and limits.</returns>
    public virtual Task<SupportBotResponse<AgentApiUsage>> GetUsageAsync(CancellationToken cancellationToken = default) =>
        _transport.SendAsync("GetUsage", _api.GetUsageAsync, cancellationToken);

    /// <summary>A queued write answered with an empty 202/204 is still accepted: the job's fields are then unknown.</summary>
    private static readonly Func<AgentApiJob> Queued = static () => new AgentApiJob();

    private static string DocumentId(string documentId) => Validate.NotBlank(P, documentId, nameof(documentId));

    private static int? Limit(int? limit) => Validate.Limit(P, limit, MaxPageSize);

    private static string? Cursor(string? cursor) => string.IsNullOrEmpty(cursor) ? null : cursor;
}

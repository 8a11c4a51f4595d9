using Refit;

namespace SupportBot.Client.Providers.AgentApi;

/// <summary>
/// The AI Support Agent API (base address configured per deployment), as its document lists it: query, knowledge base, conversation
/// logs, gaps, actions and usage. <c>Authorization: Bearer sk_…</c> is added by the transport; <c>limit</c> is 1–100.
/// </summary>
[Headers("Accept: application/json")]
internal interface IAgentApi
{
    /// <summary>Asks a question (scope <c>query</c>).</summary>
    [Post("/v1/query")]
    Task<IApiResponse<AgentApiQueryResponse>> QueryAsync([Body] AgentApiQueryRequest request, CancellationToken cancellationToken);

    /// <summary>Lists knowledge-base documents (scope <c>kb:read</c>).</summary>
    [Get("/v1/documents")]
    Task<IApiResponse<AgentApiDocumentList>> ListDocumentsAsync(int? limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Reads one document (scope <c>kb:read</c>).</summary>
    [Get("/v1/documents/{documentId}")]
    Task<IApiResponse<AgentApiDocument>> GetDocumentAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Adds a document; queued, 202 (scope <c>kb:write</c>).</summary>
    [Post("/v1/documents")]
    Task<IApiResponse<AgentApiJob>> CreateDocumentAsync([Body] AgentApiDocumentWrite document, CancellationToken cancellationToken);

    /// <summary>Replaces a document; queued, 202 (scope <c>kb:write</c>).</summary>
    [Put("/v1/documents/{documentId}")]
    Task<IApiResponse<AgentApiJob>> UpdateDocumentAsync(string documentId, [Body] AgentApiDocumentWrite document, CancellationToken cancellationToken);

    /// <summary>Deletes a document; queued, 202 (scope <c>kb:write</c>).</summary>
    [Delete("/v1/documents/{documentId}")]
    Task<IApiResponse<AgentApiJob>> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Re-indexes the knowledge base; queued, 202 (scope <c>kb:write</c>).</summary>
    [Post("/v1/documents/reindex")]
    Task<IApiResponse<AgentApiJob>> ReindexAsync(CancellationToken cancellationToken);

    /// <summary>Lists conversation logs (scope <c>logs:read</c>).</summary>
    [Get("/v1/conversations")]
    Task<IApiResponse<AgentApiConversationList>> ListConversationsAsync(int? limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Reads one conversation's messages (scope <c>logs:read</c>).</summary>
    [Get("/v1/conversations/{conversationId}")]
    Task<IApiResponse<AgentApiConversation>> GetConversationAsync(string conversationId, int? limit, CancellationToken cancellationToken);

    /// <summary>Lists questions the agent could not answer (scope <c>logs:read</c>).</summary>
    [Get("/v1/gaps")]
    Task<IApiResponse<AgentApiGapList>> GetGapsAsync(int? limit, CancellationToken cancellationToken);

    /// <summary>Lists the configured actions (scope <c>actions</c>).</summary>
    [Get("/v1/actions")]
    Task<IApiResponse<AgentApiActionList>> ListActionsAsync(CancellationToken cancellationToken);

    /// <summary>Runs an action (scope <c>actions</c>).</summary>
    [Post("/v1/actions/{name}")]
    Task<IApiResponse<AgentApiActionResult>> RunActionAsync(string name, [Body] AgentApiActionRequest request, CancellationToken cancellationToken);

    /// <summary>Reads usage against the plan's quotas.</summary>
    [Get("/v1/usage")]
    Task<IApiResponse<AgentApiUsage>> GetUsageAsync(CancellationToken cancellationToken);
}

using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AgentApi;

/// <summary>AgentApi keeps context server-side; low confidence (below the configured threshold) means escalation.</summary>
internal sealed class AgentApiAdapter : ProviderAdapter
{
    private readonly AgentApiClient _client;

    public AgentApiAdapter(ProviderTransport transport)
        : base(transport) => _client = new AgentApiClient(transport);

    public override object NativeClient => _client;

    public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var conversationId = string.IsNullOrWhiteSpace(request.ConversationId) ? null : request.ConversationId;
        var response = await _client.QueryAsync(new AgentApiQueryRequest { Message = request.Message, ConversationId = conversationId, UserToken = request.UserToken }, cancellationToken).ConfigureAwait(false);
        var body = response.Value;
        return Reply(
            response,
            body.Answer,
            string.IsNullOrEmpty(body.ConversationId) ? conversationId ?? Ids.NewConversationId() : body.ConversationId,
            escalate: body.Confidence < Transport.Options.EscalationConfidenceThreshold,
            messageId: body.MessageId,
            sources: body.Sources.Select(static s => new SourceReference(s.DocumentId ?? string.Empty, s.Title, s.Excerpt)).ToArray(),
            confidence: body.Confidence);
    }

    public override async Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit, CancellationToken cancellationToken)
    {
        var response = await _client.GetConversationAsync(conversationId, limit, cancellationToken).ConfigureAwait(false);
        return Transcript(response, response.Value.Id, conversationId, response.Value.Messages.Select(static m => Message(m.Role, m.Content, m.Timestamp)));
    }

    public override async Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetUsageAsync(cancellationToken).ConfigureAwait(false);
        var u = response.Value;
        return new AccountUsage
        {
            Plan = u.Plan,
            MessagesUsed = u.QueriesUsed,
            MessagesLimit = u.QueriesLimit,
            PeriodStart = u.PeriodStart,
            PeriodEnd = u.PeriodEnd,
            Quotas =
            [
                new UsageQuota("queries", u.QueriesUsed, u.QueriesLimit),
                new UsageQuota("documents", u.DocumentsUsed, u.DocumentsLimit),
                new UsageQuota("actions", u.ActionsUsed, u.ActionsLimit),
            ],
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }
}

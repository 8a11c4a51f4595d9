using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.Asyntai;

/// <summary>Asyntai keeps context server-side per <c>session_id</c>; the SDK mints one for a new conversation.</summary>
internal sealed class AsyntaiAdapter : ProviderAdapter
{
    private readonly AsyntaiClient _client;

    public AsyntaiAdapter(ProviderTransport transport)
        : base(transport) => _client = new AsyntaiClient(transport);

    public override object NativeClient => _client;

    public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var website = string.IsNullOrWhiteSpace(request.BotId) ? Transport.Options.DefaultBotId : request.BotId;
        int? websiteId = null;
        if (!string.IsNullOrWhiteSpace(website))
        {
            if (!AsyntaiClient.TryParseWebsiteId(website, out var id))
            {
                throw new SupportBotValidationException($"An Asyntai website id is an integer; '{website}' is not.", "BotId") { Provider = Provider };
            }

            websiteId = id;
        }

        var sessionId = string.IsNullOrWhiteSpace(request.ConversationId) ? Ids.NewConversationId() : request.ConversationId;
        var response = await _client.ChatAsync(new AsyntaiChatRequest { Message = request.Message, SessionId = sessionId, WebsiteId = websiteId }, cancellationToken).ConfigureAwait(false);
        return Reply(response, response.Value.Response, string.IsNullOrEmpty(response.Value.SessionId) ? sessionId : response.Value.SessionId);
    }

    public override async Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetWebsitesAsync(cancellationToken).ConfigureAwait(false);
        var raw = response.RawJson;
        return response.Value.Websites.Select(w => new Website(ProviderTransport.Invariant(w.Id), w.Name, w.Domain, w.IsPrimary) { RawJson = raw }).ToArray();
    }

    public override async Task<ConversationTranscript> GetConversationAsync(string conversationId, int? limit, CancellationToken cancellationToken)
    {
        var response = await _client.GetConversationAsync(conversationId, limit, cancellationToken).ConfigureAwait(false);
        return Transcript(response, response.Value.SessionId, conversationId, response.Value.Messages.Select(static m => Message(m.Role, m.Content, m.Timestamp)));
    }

    public override async Task<AccountUsage> GetAccountAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetAccountAsync(cancellationToken).ConfigureAwait(false);
        var a = response.Value.Account!;
        return new AccountUsage
        {
            Email = a.Email,
            Plan = a.Plan,
            MessagesUsed = a.MessagesUsed,
            MessagesLimit = a.MessagesLimit,
            Quotas = [new UsageQuota("messages", a.MessagesUsed, a.MessagesLimit)],
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }
}

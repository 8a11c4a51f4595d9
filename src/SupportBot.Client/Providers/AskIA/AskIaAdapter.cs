using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.AskIA;

/// <summary>AskIA keeps context server-side and returns the conversation id.</summary>
internal sealed class AskIaAdapter : ProviderAdapter
{
    private readonly AskIaClient _client;

    public AskIaAdapter(ProviderTransport transport)
        : base(transport) => _client = new AskIaClient(transport);

    public override object NativeClient => _client;

    public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var botId = BotId(request.BotId, "a bot id");
        var conversationId = string.IsNullOrWhiteSpace(request.ConversationId) ? null : request.ConversationId;
        var response = await _client.ChatAsync(new AskIaChatRequest { BotId = botId, Message = request.Message, ConversationId = conversationId }, cancellationToken).ConfigureAwait(false);
        return Reply(
            response,
            response.Value.Reply,
            string.IsNullOrEmpty(response.Value.ConversationId) ? conversationId ?? Ids.NewConversationId() : response.Value.ConversationId,
            messageId: response.Value.MessageId);
    }

    public override async Task<BotProfile> GetBotAsync(string? botId, CancellationToken cancellationToken)
    {
        var id = BotId(botId, "a bot id");
        var response = await _client.GetBotAsync(id, cancellationToken).ConfigureAwait(false);
        var b = response.Value;
        return new BotProfile
        {
            Id = b.Id ?? id,
            Name = b.Name,
            Description = b.Description,
            Category = b.Category,
            Language = b.Language,
            CreatedAt = b.CreatedAt,
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }

    public override async Task<BotBranding> GetBrandingAsync(string? botId, CancellationToken cancellationToken)
    {
        var id = BotId(botId, "a bot id");
        return Branding(await _client.GetBrandingAsync(id, cancellationToken).ConfigureAwait(false));
    }
}

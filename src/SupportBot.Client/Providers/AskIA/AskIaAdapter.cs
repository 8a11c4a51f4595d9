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
        Validate.Message(Provider, request.Message);
        var botId = BotId(request.BotId, "a bot id");
        var conversationId = string.IsNullOrWhiteSpace(request.ConversationId) ? null : request.ConversationId;
        var response = await _client.ChatAsync(new AskIaChatRequest { BotId = botId, Message = request.Message, ConversationId = conversationId }, cancellationToken).ConfigureAwait(false);
        var text = response.Value.Reply ?? string.Empty;
        return new ChatReply
        {
            Text = text,
            ConversationId = string.IsNullOrEmpty(response.Value.ConversationId) ? conversationId ?? Ids.NewConversationId() : response.Value.ConversationId,
            MessageId = response.Value.MessageId,
            RequiresEscalation = IsEmpty(text),
            QuotaWarning = response.QuotaWarning,
            RateLimit = response.RateLimit,
            RequestId = response.RequestId,
            Provider = Provider,
            RawUtf8 = response.RawUtf8,
        };
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
        var response = await _client.GetBrandingAsync(id, cancellationToken).ConfigureAwait(false);
        var b = response.Value;
        return new BotBranding
        {
            PrimaryColor = b.PrimaryColor,
            BackgroundColor = b.BackgroundColor,
            TextColor = b.TextColor,
            LogoUrl = b.LogoUrl,
            Position = b.Position,
            Theme = b.Theme,
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }
}

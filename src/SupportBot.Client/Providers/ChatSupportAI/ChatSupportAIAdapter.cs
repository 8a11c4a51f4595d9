using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.ChatSupportAI;

/// <summary>ChatSupport AI returns no session id: the SDK mints one and sends it as <c>sessionId</c>.</summary>
internal sealed class ChatSupportAIAdapter : ProviderAdapter
{
    /// <summary>The title of the <c>context.rules.policies</c> entry that carries <see cref="ChatRequest.Instructions"/>.</summary>
    public const string InstructionsTitle = "Instructions";

    private readonly ChatSupportAIClient _client;

    public ChatSupportAIAdapter(ProviderTransport transport)
        : base(transport) => _client = new ChatSupportAIClient(transport);

    public override object NativeClient => _client;

    public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var widgetId = BotId(request.BotId, "a widget id");
        var sessionId = string.IsNullOrWhiteSpace(request.ConversationId) ? Ids.NewConversationId() : request.ConversationId;
        var rules = request.Rules;
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            // The document's place for what the bot must follow: company rules' policies. The instructions are one more policy.
            rules = (rules ?? new CompanyRules()) with { Policies = [.. rules?.Policies ?? [], new CompanyPolicy(InstructionsTitle, request.Instructions)] };
        }

        var context = rules is null && request.ScrapedData is null
            ? null
            : new ChatSupportAIContext
            {
                Rules = rules is { } r
                    ? new ChatSupportAIRules
                    {
                        CompanyName = r.CompanyName,
                        CompanyDescription = r.CompanyDescription,
                        Policies = r.Policies?.Select(static p => new ChatSupportAIPolicy(p.Title, p.Content)).ToArray(),
                        Tone = r.Tone,
                    }
                    : null,
                ScrapedData = request.ScrapedData,
            };

        var response = await _client.ChatAsync(new ChatSupportAIChatRequest { Message = request.Message, WidgetId = widgetId, SessionId = sessionId, Context = context }, cancellationToken).ConfigureAwait(false);
        return Reply(response, response.Value.Message, sessionId, messageId: response.Value.Id, timestamp: response.Value.Timestamp);
    }

    public override async Task<BotProfile> GetBotAsync(string? botId, CancellationToken cancellationToken)
    {
        var widgetId = BotId(botId, "a widget id");
        var response = await _client.GetWidgetConfigAsync(widgetId, cancellationToken).ConfigureAwait(false);
        var c = response.Value;
        return new BotProfile
        {
            Id = c.WidgetId ?? widgetId,
            Name = c.Name ?? c.CompanyName,
            Language = c.Language,
            WelcomeMessage = c.WelcomeMessage,
            Provider = Provider,
            RawJson = response.RawJson,
        };
    }

    public override async Task<BotBranding> GetBrandingAsync(string? botId, CancellationToken cancellationToken)
    {
        var widgetId = BotId(botId, "a widget id");
        return Branding(await _client.GetWidgetConfigAsync(widgetId, cancellationToken).ConfigureAwait(false));
    }
}

using System.Globalization;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers.AskIA;

/// <summary>AskIA: <c>widget/chat</c>, <c>bots/{id}</c>, <c>bots/{id}/branding</c>; no auth; per-bot hourly window (100/h free).</summary>
internal sealed class AskIaEndpoints : ProviderEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.AskIA;

    public override SupportBotProvider Provider => P;

    public override string Prefix => "askia/api/";

    public override string ValidBody => """{"reply":"We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing).","conversationId":"conv_abc123","messageId":"msg_xyz789"}""";

    public override Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers) =>
        Reply.Error(status, message, headers);

    public override Reply InvalidBody() => Error(400, "Paramètres manquants ou invalides");

    protected override void MapRoutes(Routes routes)
    {
        routes.Post("/widget/chat", Chat);
        routes.Get("/bots/{id}", GetBot);
        routes.Get("/bots/{id}/branding", GetBranding);
    }

    /// <summary>The public widget API has no authentication (a JWT is announced for protected endpoints).</summary>
    public override Reply? Authenticate(MockState state, MockCall call, MockRoute route) => null;

    private (MockBot? Bot, Reply? Error) FindBot(MockState state, string? botId)
    {
        var bot = state.Bot(P, botId);
        if (bot is null || !bot.Active)
        {
            return (null, Error(404, "Bot introuvable"));
        }

        if (state.TryAcquire("askia:bot:" + bot.Id, bot.RateLimit) is { } retryAfter)
        {
            return (null, Error(429, "Limite de débit dépassée", headers: Reply.Header("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))));
        }

        return (bot, null);
    }

    private Reply Chat(MockState state, MockCall call)
    {
        var json = call.Json;
        var botId = RequestJson.String(json, "botId");
        var message = RequestJson.String(json, "message");
        var conversationId = RequestJson.String(json, "conversationId");
        if (string.IsNullOrWhiteSpace(botId) || string.IsNullOrWhiteSpace(message) || (RequestJson.Has(json, "conversationId") && conversationId is null))
        {
            return Error(400, "Paramètres manquants ou invalides");
        }

        var (bot, error) = FindBot(state, botId);
        if (error is not null)
        {
            return error;
        }

        if (bot!.ServerError)
        {
            return Error(500, "Erreur serveur");
        }

        if (!bot.AiAvailable || !state.AiAvailable(P))
        {
            return Error(503, "Service indisponible");
        }

        // The document's 429 is "Limite de débit dépassée", the hourly per-bot window of FindBot; it describes no
        // monthly quota, so an account's QuotaLimit is not enforced here (usage is still counted).
        var account = state.Account(bot.AccountId);

        var existing = state.Conversation(P, string.IsNullOrWhiteSpace(conversationId) ? null : conversationId);
        if (existing is not null && existing.BotId != bot.Id)
        {
            return Error(400, "Paramètres manquants ou invalides");
        }

        var conversation = existing ?? state.GetOrCreateConversation(P, string.IsNullOrWhiteSpace(conversationId) ? null : conversationId, bot.AccountId, bot.Id);
        var answer = Answerer.Answer(message, state.Policies(bot), state.Knowledge(bot.KnowledgeBaseId), conversation.LastUserMessage, null, bot.WelcomeMessage, state.EscalationThreshold);
        if (account is not null)
        {
            account.Used++;
        }

        state.Record(conversation, message, answer);
        state.RecordGap(account, message, conversation.Id, answer);
        return Reply.Json(200, new AskIaChatReply(answer.Text, conversation.Id, state.NextMessageId()), AskIaWireContext.Wire.AskIaChatReply);
    }

    private Reply GetBot(MockState state, MockCall call)
    {
        var (bot, error) = FindBot(state, call.Route("id"));
        return error ?? Reply.Json(200, new AskIaBotReply(bot!.Id, bot.Name, bot.Description, bot.Category, bot.Language, bot.CreatedAt), AskIaWireContext.Wire.AskIaBotReply);
    }

    private Reply GetBranding(MockState state, MockCall call)
    {
        var (bot, error) = FindBot(state, call.Route("id"));
        if (error is not null)
        {
            return error;
        }

        var b = bot!.Branding ?? new MockBranding();
        return Reply.Json(200, new AskIaBrandingReply(b.PrimaryColor, b.BackgroundColor, b.TextColor, b.LogoUrl, b.Position, b.Theme), AskIaWireContext.Wire.AskIaBrandingReply);
    }

    public override void AddDemo(MockSeed seed)
    {
        MockBot Bot(string id, int permits, bool serverError = false) => new()
        {
            Id = id, Provider = P, Name = "Customer Support Assistant", Description = "Helps customers with product questions", Category = "support",
            Language = "en", CreatedAt = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), KnowledgeBaseId = DemoSeed.HelpCentre, ServerError = serverError,
            WelcomeMessage = "Hello! How can I help you with Acme Notes today?",
            RateLimit = new MockRateLimit { Permits = permits, WindowSeconds = 3600 },
            Branding = new MockBranding { PrimaryColor = "#6366f1", BackgroundColor = "#ffffff", TextColor = "#1f2937", LogoUrl = "https://example.com/logo.png", Position = "bottom-right", Theme = "light" },
        };
        seed.AddBot(Bot("YOUR_BOT_ID", 100));
        seed.AddBot(Bot("bot_abc123", 100));
        seed.AddBot(Bot("rate_limited_bot", 0));
        seed.AddBot(Bot("server_error_bot", 100, serverError: true));
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http;
using SupportBot.Client;
using SupportBot.Client.Providers.AskIA;

namespace SupportBot.MockServer.Providers;

/// <summary>AskIA: <c>widget/chat</c>, <c>bots/{id}</c>, <c>bots/{id}/branding</c>; no auth; per-bot hourly window (100/h free).</summary>
internal static class AskIaEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.AskIA;

    private static Reply Error(int status, string error, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new ErrorBody(error), Json.Camel.ErrorBody, headers);

    private static (MockBot? Bot, Reply? Error) FindBot(MockState state, string? botId)
    {
        var bot = state.Bot(P, botId);
        if (bot is null || !bot.Active)
        {
            return (null, Error(404, "Bot introuvable"));
        }

        if (state.TryAcquire("askia:bot:" + bot.Id, bot.RateLimit) is { } retryAfter)
        {
            return (null, Error(429, "Limite de débit dépassée", Reply.Header("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))));
        }

        return (bot, null);
    }

    public static Reply Chat(MockState state, HttpContext context, byte[] body)
    {
        var json = RequestJson.Object(body);
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

        var account = state.Account(bot.AccountId);
        if (account?.Seed.QuotaLimit is { } limit && account.Used >= limit)
        {
            return Error(429, "Quota mensuel dépassé (quota exceeded)");
        }

        var existing = state.Conversation(P, string.IsNullOrWhiteSpace(conversationId) ? null : conversationId);
        if (existing is not null && existing.BotId != bot.Id)
        {
            return Error(400, "Paramètres manquants ou invalides");
        }

        var conversation = existing ?? state.GetOrCreateConversation(P, string.IsNullOrWhiteSpace(conversationId) ? null : conversationId, bot.AccountId, bot.Id);
        var answer = Answerer.Answer(message, MockState.Policies(bot), state.Knowledge(bot.KnowledgeBaseId), conversation.LastUserMessage, null, bot.WelcomeMessage, state.EscalationThreshold);
        if (account is not null)
        {
            account.Used++;
        }

        state.Record(conversation, message, answer);
        state.RecordGap(account, message, conversation.Id, answer);
        return Reply.Json(200, new AskIaChatResponse { Reply = answer.Text, ConversationId = conversation.Id, MessageId = state.NextMessageId() }, Json.Camel.AskIaChatResponse);
    }

    public static Reply GetBot(MockState state, HttpContext context, byte[] body)
    {
        var (bot, error) = FindBot(state, context.Request.RouteValues["id"] as string);
        if (error is not null)
        {
            return error;
        }

        return Reply.Json(200, new AskIaBot
        {
            Id = bot!.Id,
            Name = bot.Name,
            Description = bot.Description,
            Category = bot.Category,
            Language = bot.Language,
            CreatedAt = bot.CreatedAt,
        }, Json.Camel.AskIaBot);
    }

    public static Reply GetBranding(MockState state, HttpContext context, byte[] body)
    {
        var (bot, error) = FindBot(state, context.Request.RouteValues["id"] as string);
        if (error is not null)
        {
            return error;
        }

        var b = bot!.Branding ?? new MockBranding();
        return Reply.Json(200, new AskIaBranding
        {
            PrimaryColor = b.PrimaryColor,
            BackgroundColor = b.BackgroundColor,
            TextColor = b.TextColor,
            LogoUrl = b.LogoUrl,
            Position = b.Position,
            Theme = b.Theme,
        }, Json.Camel.AskIaBranding);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SupportBot.Client;
using SupportBot.Client.Providers.AISupportBot;

namespace SupportBot.MockServer.Providers;

/// <summary>AISupportBot: <c>POST /api/chat</c>, <c>X-API-Key: ask_…</c>, stateless (uses the history sent), 429 = monthly plan quota.</summary>
internal static class AISupportBotEndpoints
{
    public const int MaxUserContextBytes = 4096;
    public const int MaxHistory = 15;

    private static Reply Error(int status, string error, string? details = null) => Reply.Json(status, new ErrorBody(error, details), Json.Camel.ErrorBody);

    public static Reply Chat(MockState state, HttpContext context, byte[] body)
    {
        var key = context.Request.Headers["X-API-Key"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Error(401, "Missing API key");
        }

        if (!key.StartsWith("ask_", StringComparison.Ordinal))
        {
            return Error(401, "Invalid API key", "API key must start with ask_");
        }

        var apiKey = state.Key(SupportBotProvider.AISupportBot, key);
        if (apiKey is null)
        {
            return Error(401, "Invalid API key", "The API key was not found.");
        }

        if (apiKey.Revoked)
        {
            return Error(401, "Invalid API key", "The API key has been deleted.");
        }

        var json = RequestJson.Object(body);
        if (json is null)
        {
            return Error(400, "Invalid request body", "The body must be a JSON object.");
        }

        var assistantId = RequestJson.String(json, "assistantId");
        var message = RequestJson.String(json, "message");
        if (string.IsNullOrWhiteSpace(assistantId) || string.IsNullOrWhiteSpace(message))
        {
            var missing = string.Join(" and ", new[] { string.IsNullOrWhiteSpace(assistantId) ? "assistantId" : null, string.IsNullOrWhiteSpace(message) ? "message" : null }.Where(s => s is not null));
            return Error(400, "Missing required fields", $"{missing} {(missing.Contains(" and ", StringComparison.Ordinal) ? "are" : "is")} required.");
        }

        JsonObject? userContext = null;
        if (json.TryGetPropertyValue("userContext", out var uc) && uc is not null)
        {
            if (uc is not JsonObject ucObject)
            {
                return Error(400, "Invalid userContext", "userContext must be a JSON object.");
            }

            var size = JsonSerializer.SerializeToUtf8Bytes(ucObject, Json.Camel.JsonObject).Length;
            if (size > MaxUserContextBytes)
            {
                return Error(400, "userContext too large", $"userContext is {size} bytes; the maximum is 4KB ({MaxUserContextBytes} bytes).");
            }

            userContext = ucObject;
        }

        string? previousQuestion = null;
        var historyLength = 0;
        if (json.TryGetPropertyValue("history", out var h) && h is not null)
        {
            if (h is not JsonArray history)
            {
                return Error(400, "Invalid history", "history must be an array of {role, content}.");
            }

            var kept = history.Skip(Math.Max(0, history.Count - MaxHistory)).OfType<JsonObject>().ToList();
            previousQuestion = kept.LastOrDefault(m => RequestJson.String(m, "role") == "user") is { } last ? RequestJson.String(last, "content") : null;
            historyLength = kept.Sum(m => Answerer.Tokens(RequestJson.String(m, "content")));
        }

        var bot = state.Bot(SupportBotProvider.AISupportBot, assistantId);
        if (bot is null || !bot.Active)
        {
            return Error(404, "Assistant not found", $"No active assistant with id '{assistantId}'.");
        }

        if (!string.Equals(apiKey.BotId, bot.Id, StringComparison.Ordinal))
        {
            return Error(403, "Forbidden", $"This API key does not belong to assistant '{assistantId}'.");
        }

        if (bot.ServerError)
        {
            return Error(500, "Internal server error", "Unexpected server error. Retry after a few seconds.");
        }

        if (!bot.AiAvailable || !state.AiAvailable(SupportBotProvider.AISupportBot))
        {
            return Error(503, "Service unavailable", "The AI is temporarily unavailable. Retry later.");
        }

        var account = state.Account(bot.AccountId);
        if (account?.Seed.QuotaLimit is { } limit && account.Used >= limit)
        {
            return Error(429, "Plan limit reached", $"Upgrade to get more responses. ({account.Used}/{limit})");
        }

        var answer = Answerer.Answer(message, MockState.Policies(bot), state.Knowledge(bot.KnowledgeBaseId), previousQuestion, userContext, bot.WelcomeMessage, state.EscalationThreshold);
        if (account is not null)
        {
            account.Used++;
        }

        state.RecordGap(account, message, null, answer);
        var prompt = 250 + Answerer.Tokens(message) + historyLength + (userContext is null ? 0 : Answerer.Tokens(userContext.ToJsonString())) + answer.Sources.Sum(s => Answerer.Tokens(s.Text));
        var completion = answer.Text.Length == 0 ? 0 : answer.CompletionTokens;
        return Reply.Json(200, new AISupportBotChatResponse
        {
            Response = answer.Text,
            RequiresEscalation = answer.Escalate,
            Usage = new AISupportBotUsage(prompt, completion, prompt + completion),
        }, Json.Camel.AISupportBotChatResponse);
    }
}

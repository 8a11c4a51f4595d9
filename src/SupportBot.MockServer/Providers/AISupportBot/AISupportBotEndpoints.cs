using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers.AISupportBot;

/// <summary>AISupportBot: <c>POST /api/chat</c>, <c>X-API-Key: ask_…</c>, stateless (uses the history sent), 429 = monthly plan quota.</summary>
internal sealed class AISupportBotEndpoints : ProviderEndpoints
{
    public const int MaxUserContextBytes = 4096;
    public const int MaxHistory = 15;
    private const SupportBotProvider P = SupportBotProvider.AISupportBot;

    public override SupportBotProvider Provider => P;

    public override string Prefix => "aisupportbot/api/";

    public override string ValidBody => """{"response":"The reset link is sent to your registered email within a minute and is valid for 60 minutes.","requiresEscalation":false,"usage":{"prompt_tokens":312,"completion_tokens":48,"total_tokens":360}}""";

    public override Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new ErrorBody(message, details), CommonWireContext.Wire.ErrorBody, headers);

    public override Reply Fault(int status) => Error(status, StatusText.For(status).Text, "Injected by the mock server.");

    protected override void MapRoutes(Routes routes) => routes.Post("/chat", Chat);

    public override Reply? Authenticate(MockState state, MockCall call, MockRoute route)
    {
        var key = call.Request.Headers["X-API-Key"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Error(401, "Missing API key");
        }

        if (!key.StartsWith("ask_", StringComparison.Ordinal))
        {
            return Error(401, "Invalid API key", "API key must start with ask_");
        }

        var apiKey = state.Key(P, key);
        if (apiKey is null)
        {
            return Error(401, "Invalid API key", "The API key was not found.");
        }

        if (apiKey.Revoked)
        {
            return Error(401, "Invalid API key", "The API key has been deleted.");
        }

        call.Key = apiKey;
        return null;
    }

    public override string? DefaultBotId(MockState state, MockApiKey? key) => key?.BotId ?? base.DefaultBotId(state, key);

    private Reply Chat(MockState state, MockCall call)
    {
        var json = call.Json!;
        var assistantId = RequestJson.String(json, "assistantId");
        var message = RequestJson.String(json, "message");
        if (string.IsNullOrWhiteSpace(assistantId) || string.IsNullOrWhiteSpace(message))
        {
            var missing = string.Join(" and ", new[] { string.IsNullOrWhiteSpace(assistantId) ? "assistantId" : null, string.IsNullOrWhiteSpace(message) ? "message" : null }.Where(s => s is not null));
            return Error(400, "Missing required fields", $"{missing} {(missing.Contains(" and ", StringComparison.Ordinal) ? "are" : "is")} required.");
        }

        if (RequestJson.Mistyped(json, "userId", JsonValueKind.String) || RequestJson.Mistyped(json, "channelId", JsonValueKind.String))
        {
            return Error(400, "Invalid request body", "userId and channelId must be strings.");
        }

        JsonObject? userContext = null;
        if (json.TryGetPropertyValue("userContext", out var uc) && uc is not null)
        {
            if (uc is not JsonObject ucObject)
            {
                return Error(400, "Invalid userContext", "userContext must be a JSON object.");
            }

            var size = JsonSerializer.SerializeToUtf8Bytes(ucObject, CommonWireContext.Wire.JsonObject).Length;
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

            if (history.Any(m => m is not JsonObject item || RequestJson.String(item, "role") is null || RequestJson.String(item, "content") is null))
            {
                return Error(400, "Invalid history", "history must be an array of {role, content}.");
            }

            var kept = history.Skip(Math.Max(0, history.Count - MaxHistory)).OfType<JsonObject>().ToList();
            previousQuestion = kept.LastOrDefault(m => RequestJson.String(m, "role") == "user") is { } last ? RequestJson.String(last, "content") : null;
            historyLength = kept.Sum(m => Answerer.Tokens(RequestJson.String(m, "content")));
        }

        var bot = state.Bot(P, assistantId);
        if (bot is null || !bot.Active)
        {
            return Error(404, "Assistant not found", $"No active assistant with id '{assistantId}'.");
        }

        if (!string.Equals(call.Key!.BotId, bot.Id, StringComparison.Ordinal))
        {
            return Error(403, "Forbidden", $"This API key does not belong to assistant '{assistantId}'.");
        }

        if (bot.ServerError)
        {
            return Error(500, "Internal server error", "Unexpected server error. Retry after a few seconds.");
        }

        if (!bot.AiAvailable || !state.AiAvailable(P))
        {
            return Error(503, "Service unavailable", "The AI is temporarily unavailable. Retry later.");
        }

        var account = state.Account(bot.AccountId);
        if (account?.Seed.QuotaLimit is { } limit && account.Used >= limit)
        {
            return Error(429, "Plan limit reached", $"Upgrade to get more responses. ({account.Used}/{limit})");
        }

        var answer = Answerer.Answer(message, state.Policies(bot), state.Knowledge(bot.KnowledgeBaseId), previousQuestion, userContext, bot.WelcomeMessage, state.EscalationThreshold);
        if (account is not null)
        {
            account.Used++;
        }

        state.RecordGap(account, message, null, answer);
        var prompt = 250 + Answerer.Tokens(message) + historyLength + (userContext is null ? 0 : Answerer.Tokens(userContext.ToJsonString())) + answer.Sources.Sum(s => Answerer.Tokens(s.Text));
        var completion = answer.Text.Length == 0 ? 0 : answer.CompletionTokens;
        return Reply.Json(200, new AISupportBotChatReply(answer.Text, answer.Escalate, new AISupportBotUsageWire(prompt, completion, prompt + completion)), AISupportBotWireContext.Wire.AISupportBotChatReply);
    }

    public override void AddDemo(MockSeed seed)
    {
        void Assistant(string id, string account, long limit, long used, bool serverError = false)
        {
            seed.AddAccount(new MockAccount { Id = account, Provider = P, Plan = "enterprise", QuotaLimit = limit, QuotaUsed = used });
            seed.AddBot(new MockBot
            {
                Id = id, Provider = P, AccountId = account, Name = "Acme Notes Support", KnowledgeBaseId = DemoSeed.HelpCentre, ServerError = serverError,
                WelcomeMessage = "Hello! I'm the Acme Notes assistant. How can I help you today?",
            });
        }

        Assistant("clz1abc...", "aisb_main", 1000, 12);
        Assistant("clz_other", "aisb_other", 1000, 0);
        Assistant("clz_quota_exhausted", "aisb_quota", 1000, 1000);
        Assistant("clz_server_error", "aisb_server_error", 1000, 0, serverError: true);
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_your_api_key", BotId = "clz1abc..." });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_your_key_here", BotId = "clz1abc..." });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_your_api_key_here", BotId = "clz1abc..." });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_other_assistant_key", BotId = "clz_other" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_revoked_key", BotId = "clz1abc...", Revoked = true });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_quota_exhausted_key", BotId = "clz_quota_exhausted" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "ask_server_error_key", BotId = "clz_server_error" });
    }
}

using System.Globalization;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers.Asyntai;

/// <summary>Asyntai: <c>chat/</c>, <c>websites/</c>, <c>conversations/</c>, <c>account/</c>; bearer or <c>X-API-Key</c>; envelope <c>{success, …}</c>.</summary>
internal sealed class AsyntaiEndpoints : ProviderEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.Asyntai;

    public override SupportBotProvider Provider => P;

    public override string Prefix => "asyntai/api/v1/";

    public override string ValidBody => """{"success":true,"response":"Our business hours are Monday-Friday, 9 AM to 5 PM EST.","session_id":"user_123"}""";

    public override string MalformedBody => """{"success": true, "response": "Our business hours are Monday""";

    public override Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new AsyntaiError(false, message), AsyntaiWireContext.Wire.AsyntaiError, headers);

    public override Reply Fault(int status) => Error(status, status == 503 ? "AI service temporarily unavailable" : StatusText.For(status).Text);

    public override Reply InvalidBody() => Error(400, "Invalid request body: expected a JSON object");

    protected override void MapRoutes(Routes routes)
    {
        routes.Post("/chat/", Chat);
        routes.Get("/websites/", Websites);
        routes.Get("/conversations/", Conversations);
        routes.Get("/account/", Account);
    }

    public override Reply? Authenticate(MockState state, MockCall call, MockRoute route)
    {
        var key = Auth.Bearer(call.Context) ?? call.Request.Headers["X-API-Key"].ToString();
        var apiKey = state.Key(P, key);
        if (apiKey is null || apiKey.Revoked || state.Account(apiKey.AccountId) is not { } account)
        {
            return Error(401, "Invalid or missing API key");
        }

        call.Key = apiKey;
        call.Account = account;
        return null;
    }

    public override string? DefaultBotId(MockState state, MockApiKey? key) => state.FirstUsableBot(P, key?.AccountId)?.Id;

    private Reply Chat(MockState state, MockCall call)
    {
        var json = call.Json;
        var message = RequestJson.String(json, "message");
        if (string.IsNullOrWhiteSpace(message))
        {
            return Error(400, "Missing required field: message");
        }

        var websiteId = RequestJson.Int(json, "website_id", out var invalid);
        if (invalid)
        {
            return Error(400, "website_id must be an integer");
        }

        var sessionId = RequestJson.String(json, "session_id");
        if (RequestJson.Has(json, "session_id") && sessionId is null)
        {
            return Error(400, "session_id must be a string");
        }

        var account = call.Account!;
        var accountId = account.Seed.Id;
        var website = websiteId is { } id
            ? state.Bots(P).FirstOrDefault(b => b.AccountId == accountId && b.Id == id.ToString(CultureInfo.InvariantCulture))
            : state.Bots(P).Where(b => b.AccountId == accountId).OrderByDescending(b => b.IsPrimary).FirstOrDefault();
        if (website is null)
        {
            // The document lists 400, 401, 429 and 503 only: an unknown website_id is an invalid parameter.
            return Error(400, websiteId is null ? "No website configured for this account" : $"Invalid website_id: website {websiteId} not found");
        }

        if (!website.AiAvailable || !state.AiAvailable(P))
        {
            return Error(503, "AI service temporarily unavailable");
        }

        if (website.ServerError)
        {
            return Error(500, "Internal server error");
        }

        if (account.Seed.QuotaLimit is { } limit && account.Used >= limit)
        {
            return Error(429, "Message limit reached for your plan");
        }

        var conversation = string.IsNullOrWhiteSpace(sessionId) ? null : state.Conversation(P, sessionId);
        if (conversation is not null && conversation.AccountId != accountId)
        {
            return Error(400, "session_id belongs to another account");
        }

        conversation ??= state.GetOrCreateConversation(P, string.IsNullOrWhiteSpace(sessionId) ? state.NextSessionId() : sessionId, accountId, website.Id);
        var answer = Answerer.Answer(message, state.Policies(website), state.Knowledge(website.KnowledgeBaseId), conversation.LastUserMessage, null, website.WelcomeMessage, state.EscalationThreshold);
        account.Used++;
        state.Record(conversation, message, answer);
        state.RecordGap(account, message, conversation.Id, answer);
        return Reply.Json(200, new AsyntaiChatReply(true, answer.Text, conversation.Id), AsyntaiWireContext.Wire.AsyntaiChatReply);
    }

    private static Reply Websites(MockState state, MockCall call)
    {
        var websites = state.Bots(P).Where(b => b.AccountId == call.Account!.Seed.Id && b.Listed)
            .Select(b => new AsyntaiWebsiteWire(int.Parse(b.Id, CultureInfo.InvariantCulture), b.Name, b.Domain, b.IsPrimary)).ToArray();
        return Reply.Json(200, new AsyntaiWebsitesReply(true, websites), AsyntaiWireContext.Wire.AsyntaiWebsitesReply);
    }

    private Reply Conversations(MockState state, MockCall call)
    {
        var sessionId = call.Query("session_id");
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            return Error(400, "Missing required parameter: session_id");
        }

        var limit = 50;
        var limitText = call.Query("limit");
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return Error(400, "limit must be an integer between 1 and 100");
        }

        var conversation = state.Conversation(P, sessionId);
        var messages = conversation is null || conversation.AccountId != call.Account!.Seed.Id
            ? []
            : conversation.Messages.Skip(Math.Max(0, conversation.Messages.Count - limit)).Select(m => new AsyntaiMessageWire(m.Role, m.Content, m.Timestamp)).ToArray();
        return Reply.Json(200, new AsyntaiConversationReply(true, sessionId, messages), AsyntaiWireContext.Wire.AsyntaiConversationReply);
    }

    private static Reply Account(MockState state, MockCall call)
    {
        var account = call.Account!;
        return Reply.Json(200, new AsyntaiAccountReply(true, new AsyntaiAccountWire(account.Seed.Email, account.Seed.Plan, account.Used, account.Seed.QuotaLimit)), AsyntaiWireContext.Wire.AsyntaiAccountReply);
    }

    public override void AddDemo(MockSeed seed)
    {
        var docsDay = DemoSeed.DocsDay;
        seed.AddAccount(new MockAccount { Id = "asyntai_main", Provider = P, Email = "you@example.com", Plan = "starter", QuotaLimit = 2500, QuotaUsed = 150 });
        seed.AddAccount(new MockAccount { Id = "asyntai_quota", Provider = P, Email = "quota@example.com", Plan = "starter", QuotaLimit = 2500, QuotaUsed = 2500 });
        seed.AddKey(new MockApiKey { Provider = P, Key = "YOUR_API_KEY", AccountId = "asyntai_main" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "asyntai_quota_exhausted_key", AccountId = "asyntai_quota" });
        seed.AddBot(new MockBot { Id = "1", Provider = P, AccountId = "asyntai_main", Name = "My Website", Domain = "example.com", IsPrimary = true, KnowledgeBaseId = DemoSeed.HelpCentre });
        seed.AddBot(new MockBot { Id = "99", Provider = P, AccountId = "asyntai_main", Name = "Maintenance", Domain = "maintenance.example.com", Listed = false, AiAvailable = false, KnowledgeBaseId = DemoSeed.HelpCentre });
        seed.AddBot(new MockBot { Id = "2", Provider = P, AccountId = "asyntai_quota", Name = "Quota Website", Domain = "quota.example.com", IsPrimary = true, KnowledgeBaseId = DemoSeed.HelpCentre });
        seed.AddConversation(new MockConversation
        {
            Provider = P, Id = "user_123", AccountId = "asyntai_main", BotId = "1",
            Messages =
            [
                new MockMessage { Role = "user", Content = "What are your business hours?", Timestamp = docsDay },
                new MockMessage { Role = "assistant", Content = "Our business hours are Monday-Friday, 9 AM to 5 PM EST.", Timestamp = docsDay.AddSeconds(1) },
            ],
        });
    }
}

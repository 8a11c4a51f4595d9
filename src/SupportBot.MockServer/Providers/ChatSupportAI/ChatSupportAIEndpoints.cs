using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers.ChatSupportAI;

/// <summary>ChatSupport AI: <c>widget/chat</c>, <c>scrape</c>, <c>widget/{id}/config</c>; bearer; per-key rate limit.</summary>
internal sealed class ChatSupportAIEndpoints : ProviderEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.ChatSupportAI;

    public override SupportBotProvider Provider => P;

    public override string Prefix => "chatsupportai/api/";

    public override string ValidBody => """{"id":"resp_000001","message":"Our business hours are 9am-5pm EST, Monday through Friday.","timestamp":"2023-03-29T14:30:00.000Z"}""";

    public override Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers) =>
        Reply.Error(status, message, headers);

    public override Reply InvalidBody() => Error(400, "Missing required parameters");

    protected override void MapRoutes(Routes routes)
    {
        routes.Post("/widget/chat", Chat);
        routes.Post("/scrape", Scrape);
        routes.Get("/widget/{widgetId}/config", Config);
    }

    public override Reply? Authenticate(MockState state, MockCall call, MockRoute route)
    {
        var apiKey = state.Key(P, Auth.Bearer(call.Context));
        if (apiKey is null || apiKey.Revoked)
        {
            return Error(401, "Unauthorized - Invalid or missing API key");
        }

        if (state.TryAcquire("chatsupportai:key:" + apiKey.Key, apiKey.RateLimit) is { } retryAfter)
        {
            return Error(429, "Too Many Requests", headers: Reply.Header("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture)));
        }

        call.Key = apiKey;
        return null;
    }

    private Reply Chat(MockState state, MockCall call)
    {
        var json = call.Json!;
        var message = RequestJson.String(json, "message");
        var widgetId = RequestJson.String(json, "widgetId");
        if (string.IsNullOrWhiteSpace(message) || string.IsNullOrWhiteSpace(widgetId))
        {
            return Error(400, "Missing required parameters");
        }

        if (RequestJson.Mistyped(json, "sessionId", JsonValueKind.String) || RequestJson.Mistyped(json, "context", JsonValueKind.Object)
            || json["context"] is JsonObject c && (RequestJson.Mistyped(c, "rules", JsonValueKind.Object) || RequestJson.Mistyped(c, "scrapedData", JsonValueKind.String)
                || c["rules"] is JsonObject r && RequestJson.Mistyped(r, "policies", JsonValueKind.Array)))
        {
            return Error(400, "Missing required parameters");
        }

        var widget = state.Bot(P, widgetId);
        if (widget is null || !widget.Active)
        {
            return Error(404, "Widget not found");
        }

        if (widget.ServerError)
        {
            return Error(500, "Server error");
        }

        if (!widget.AiAvailable || !state.AiAvailable(P))
        {
            return Error(503, "Service unavailable");
        }

        // The document's 429 is its per-plan rate limit (the per-key window in Authenticate); it describes no monthly
        // quota, so an account's QuotaLimit is not enforced here (usage is still counted).
        var account = state.Account(widget.AccountId);

        // The request's own policies and scraped data join the widget's (indexed per request); otherwise the cached indexes.
        var requestPolicies = new List<Passage>();
        var context = json["context"] as JsonObject;
        if (context?["rules"] is JsonObject rules && rules["policies"] is JsonArray sent)
        {
            foreach (var p in sent.OfType<JsonObject>())
            {
                var title = RequestJson.String(p, "title") ?? "Policy";
                var content = RequestJson.String(p, "content");
                if (!string.IsNullOrWhiteSpace(content))
                {
                    requestPolicies.Add(new Passage("policy:" + title, title, content));
                }
            }
        }

        var policies = state.Policies(widget);
        if (requestPolicies.Count > 0)
        {
            policies = new PassageIndex([.. requestPolicies, .. policies.Passages]);
        }

        var knowledge = state.Knowledge(widget.KnowledgeBaseId);
        if (RequestJson.String(context, "scrapedData") is { Length: > 0 } scraped)
        {
            knowledge = new PassageIndex([.. Retrieval.Split("scraped", "Website", scraped), .. knowledge.Passages]);
        }

        var sessionId = RequestJson.String(json, "sessionId");
        var conversation = string.IsNullOrWhiteSpace(sessionId) ? null : state.GetOrCreateConversation(P, sessionId, widget.AccountId, widget.Id);
        var answer = Answerer.Answer(message, policies, knowledge, conversation?.LastUserMessage, null, widget.WelcomeMessage, state.EscalationThreshold);
        if (account is not null)
        {
            account.Used++;
        }

        if (conversation is not null)
        {
            state.Record(conversation, message, answer);
        }

        state.RecordGap(account, message, conversation?.Id, answer);
        return Reply.Json(200, new ChatSupportAIChatReply(state.NextResponseId(), answer.Text, state.Now), ChatSupportAIWireContext.Wire.ChatSupportAIChatReply);
    }

    private Reply Scrape(MockState state, MockCall call)
    {
        var url = RequestJson.String(call.Json, "url");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Error(400, "Missing required parameters");
        }

        // A page of a seeded document is "scraped" from the knowledge base; any other page gets a deterministic stub.
        foreach (var widget in state.Bots(P))
        {
            var doc = state.KnowledgeBase(widget.KnowledgeBaseId)?.Documents.FirstOrDefault(d => string.Equals(d.Url, url, StringComparison.OrdinalIgnoreCase));
            if (doc is not null)
            {
                return Reply.Json(200, new ChatSupportAIScrapeReply(url, doc.Title, doc.Content), ChatSupportAIWireContext.Wire.ChatSupportAIScrapeReply);
            }
        }

        var segment = uri.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/') ?? uri.Host;
        var title = string.Join(' ', segment.Split('-', '_').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return Reply.Json(200, new ChatSupportAIScrapeReply(url, title, $"{title}. This page of {uri.Host} has no content the mock server knows about."), ChatSupportAIWireContext.Wire.ChatSupportAIScrapeReply);
    }

    private Reply Config(MockState state, MockCall call)
    {
        var widget = state.Bot(P, call.Route("widgetId"));
        if (widget is null || !widget.Active)
        {
            return Error(404, "Widget not found");
        }

        var b = widget.Branding ?? new MockBranding();
        return Reply.Json(200, new ChatSupportAIWidgetConfigReply(
            widget.Id, widget.Name, widget.WelcomeMessage, widget.CompanyName, b.PrimaryColor, b.BackgroundColor, b.TextColor, b.LogoUrl, b.Position, b.Theme, widget.Language),
            ChatSupportAIWireContext.Wire.ChatSupportAIWidgetConfigReply);
    }

    public override void AddDemo(MockSeed seed)
    {
        seed.AddKey(new MockApiKey { Provider = P, Key = "YOUR_API_KEY" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "chatsupport_rate_limited_key", RateLimit = new MockRateLimit { Permits = 0, WindowSeconds = 60 } });
        var branding = new MockBranding { PrimaryColor = "#2563eb", BackgroundColor = "#ffffff", TextColor = "#111827", LogoUrl = "https://example.com/acme-logo.png", Position = "bottom-right", Theme = "light" };
        seed.AddBot(new MockBot
        {
            Id = "YOUR_WIDGET_ID", Provider = P, Name = "Acme Support", CompanyName = "Acme Inc.", Language = "en", KnowledgeBaseId = DemoSeed.HelpCentre,
            Description = "A software company specializing in AI tools.", WelcomeMessage = "Hi! Welcome to Acme Inc. How can we help you today?",
            Policies = [new MockPolicy { Title = "Business Hours", Content = "Our business hours are 9am-5pm EST, Monday through Friday." }],
            Branding = branding,
        });
        seed.AddBot(new MockBot { Id = "server_error_widget", Provider = P, Name = "Broken widget", CompanyName = "Acme Inc.", ServerError = true, KnowledgeBaseId = DemoSeed.HelpCentre });
    }
}

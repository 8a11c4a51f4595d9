using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SupportBot.Client;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.MockServer.Providers;

/// <summary>ChatSupport AI: <c>widget/chat</c>, <c>scrape</c>, <c>widget/{id}/config</c>; bearer; per-key rate limit.</summary>
internal static class ChatSupportAIEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.ChatSupportAI;

    private static Reply Error(int status, string error, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new ErrorBody(error), Json.Camel.ErrorBody, headers);

    private static Reply? Authenticate(MockState state, HttpContext context)
    {
        var apiKey = state.Key(P, Auth.Bearer(context));
        if (apiKey is null || apiKey.Revoked)
        {
            return Error(401, "Unauthorized - Invalid or missing API key");
        }

        if (state.TryAcquire("chatsupportai:key:" + apiKey.Key, apiKey.RateLimit) is { } retryAfter)
        {
            return Error(429, "Too Many Requests", Reply.Header("Retry-After", retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return null;
    }

    public static Reply Chat(MockState state, HttpContext context, byte[] body)
    {
        if (Authenticate(state, context) is { } error)
        {
            return error;
        }

        var json = RequestJson.Object(body);
        var message = RequestJson.String(json, "message");
        var widgetId = RequestJson.String(json, "widgetId");
        if (string.IsNullOrWhiteSpace(message) || string.IsNullOrWhiteSpace(widgetId))
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

        var account = state.Account(widget.AccountId);
        if (account?.Seed.QuotaLimit is { } limit && account.Used >= limit)
        {
            return Error(429, "Monthly message quota exceeded");
        }

        var policies = new List<Passage>();
        var knowledge = new List<Passage>();
        var context2 = json!["context"] as JsonObject;
        if (context2?["rules"] is JsonObject rules && rules["policies"] is JsonArray requestPolicies)
        {
            foreach (var p in requestPolicies.OfType<JsonObject>())
            {
                var title = RequestJson.String(p, "title") ?? "Policy";
                var content = RequestJson.String(p, "content");
                if (!string.IsNullOrWhiteSpace(content))
                {
                    policies.Add(new Passage("policy:" + title, title, content));
                }
            }
        }

        policies.AddRange(MockState.Policies(widget));
        if (RequestJson.String(context2, "scrapedData") is { Length: > 0 } scraped)
        {
            knowledge.AddRange(Retrieval.Split("scraped", "Website", scraped));
        }

        knowledge.AddRange(state.Knowledge(widget.KnowledgeBaseId));
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
        return Reply.Json(200, new ChatSupportAIChatResponse { Id = state.NextResponseId(), Message = answer.Text, Timestamp = state.Now }, Json.Camel.ChatSupportAIChatResponse);
    }

    public static Reply Scrape(MockState state, HttpContext context, byte[] body)
    {
        if (Authenticate(state, context) is { } error)
        {
            return error;
        }

        var url = RequestJson.String(RequestJson.Object(body), "url");
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
                return Reply.Json(200, new ChatSupportAIScrapeResponse { Url = url, Title = doc.Title, Content = doc.Content }, Json.Camel.ChatSupportAIScrapeResponse);
            }
        }

        var segment = uri.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/') ?? uri.Host;
        var title = string.Join(' ', segment.Split('-', '_').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return Reply.Json(200, new ChatSupportAIScrapeResponse
        {
            Url = url,
            Title = title,
            Content = $"{title}. This page of {uri.Host} has no content the mock server knows about.",
        }, Json.Camel.ChatSupportAIScrapeResponse);
    }

    public static Reply Config(MockState state, HttpContext context, byte[] body)
    {
        if (Authenticate(state, context) is { } error)
        {
            return error;
        }

        var widgetId = context.Request.RouteValues["widgetId"] as string;
        var widget = state.Bot(P, widgetId);
        if (widget is null || !widget.Active)
        {
            return Error(404, "Widget not found");
        }

        var b = widget.Branding ?? new MockBranding();
        return Reply.Json(200, new ChatSupportAIWidgetConfig
        {
            WidgetId = widget.Id,
            Name = widget.Name,
            WelcomeMessage = widget.WelcomeMessage,
            CompanyName = widget.CompanyName,
            PrimaryColor = b.PrimaryColor,
            BackgroundColor = b.BackgroundColor,
            TextColor = b.TextColor,
            LogoUrl = b.LogoUrl,
            Position = b.Position,
            Theme = b.Theme,
            Language = widget.Language,
        }, Json.Camel.ChatSupportAIWidgetConfig);
    }
}

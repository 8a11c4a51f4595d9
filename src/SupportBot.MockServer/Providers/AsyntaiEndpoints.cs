using System.Globalization;
using Microsoft.AspNetCore.Http;
using SupportBot.Client;
using SupportBot.Client.Providers.Asyntai;

namespace SupportBot.MockServer.Providers;

/// <summary>Asyntai: <c>chat/</c>, <c>websites/</c>, <c>conversations/</c>, <c>account/</c>; bearer or <c>X-API-Key</c>; envelope <c>{success, …}</c>.</summary>
internal static class AsyntaiEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.Asyntai;

    private static Reply Error(int status, string error) => Reply.Json(status, new AsyntaiErrorBody(false, error), Json.Snake.AsyntaiErrorBody);

    private static (RuntimeAccount? Account, Reply? Error) Authenticate(MockState state, HttpContext context)
    {
        var key = Auth.Bearer(context) ?? context.Request.Headers["X-API-Key"].ToString();
        var apiKey = state.Key(P, key);
        if (apiKey is null || apiKey.Revoked || state.Account(apiKey.AccountId) is not { } account)
        {
            return (null, Error(401, "Invalid or missing API key"));
        }

        return (account, null);
    }

    public static Reply Chat(MockState state, HttpContext context, byte[] body)
    {
        var (account, error) = Authenticate(state, context);
        if (error is not null)
        {
            return error;
        }

        var json = RequestJson.Object(body);
        var message = RequestJson.String(json, "message");
        if (json is null || string.IsNullOrWhiteSpace(message))
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

        var accountId = account!.Seed.Id;
        var website = websiteId is { } id
            ? state.Bots(P).FirstOrDefault(b => b.AccountId == accountId && b.Id == id.ToString(CultureInfo.InvariantCulture))
            : state.Bots(P).Where(b => b.AccountId == accountId).OrderByDescending(b => b.IsPrimary).FirstOrDefault();
        if (website is null)
        {
            return Error(404, websiteId is null ? "No website configured for this account" : $"Website {websiteId} not found");
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

        conversation ??= state.GetOrCreateConversation(P, string.IsNullOrWhiteSpace(sessionId) ? null : sessionId, accountId, website.Id);
        var answer = Answerer.Answer(message, MockState.Policies(website), state.Knowledge(website.KnowledgeBaseId), conversation.LastUserMessage, null, website.WelcomeMessage, state.EscalationThreshold);
        account.Used++;
        state.Record(conversation, message, answer);
        state.RecordGap(account, message, conversation.Id, answer);
        return Reply.Json(200, new AsyntaiChatResponse { Success = true, Response = answer.Text, SessionId = conversation.Id }, Json.Snake.AsyntaiChatResponse);
    }

    public static Reply Websites(MockState state, HttpContext context, byte[] body)
    {
        var (account, error) = Authenticate(state, context);
        if (error is not null)
        {
            return error;
        }

        var websites = state.Bots(P).Where(b => b.AccountId == account!.Seed.Id && b.Listed)
            .Select(b => new AsyntaiWebsite(int.Parse(b.Id, CultureInfo.InvariantCulture), b.Name, b.Domain, b.IsPrimary)).ToArray();
        return Reply.Json(200, new AsyntaiWebsitesResponse { Success = true, Websites = websites }, Json.Snake.AsyntaiWebsitesResponse);
    }

    public static Reply Conversations(MockState state, HttpContext context, byte[] body)
    {
        var (account, error) = Authenticate(state, context);
        if (error is not null)
        {
            return error;
        }

        var sessionId = context.Request.Query["session_id"].ToString();
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            return Error(400, "Missing required parameter: session_id");
        }

        var limit = 50;
        var limitText = context.Request.Query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return Error(400, "limit must be an integer between 1 and 100");
        }

        var conversation = state.Conversation(P, sessionId);
        var messages = conversation is null || conversation.AccountId != account!.Seed.Id
            ? []
            : conversation.Messages.Skip(Math.Max(0, conversation.Messages.Count - limit)).Select(m => new AsyntaiMessage(m.Role, m.Content, m.Timestamp)).ToArray();
        return Reply.Json(200, new AsyntaiConversationResponse { Success = true, SessionId = sessionId, Messages = messages }, Json.Snake.AsyntaiConversationResponse);
    }

    public static Reply Account(MockState state, HttpContext context, byte[] body)
    {
        var (account, error) = Authenticate(state, context);
        if (error is not null)
        {
            return error;
        }

        return Reply.Json(200, new AsyntaiAccountResponse
        {
            Success = true,
            Account = new AsyntaiAccount(account!.Seed.Email, account.Seed.Plan, account.Used, account.Seed.QuotaLimit),
        }, Json.Snake.AsyntaiAccountResponse);
    }
}

internal static class Auth
{
    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}

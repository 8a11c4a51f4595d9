using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SupportBot.Client;
using SupportBot.Client.Providers.AgentApi;

namespace SupportBot.MockServer.Providers;

/// <summary>
/// AgentApi: bearer keys with scopes, <c>v1/query</c> with sources and confidence, queued knowledge-base writes (202),
/// conversation logs, gap log, actions, usage; per-minute window with <c>Retry-After</c>, <c>X-Quota-Warning</c> from 90 %.
/// </summary>
internal static class AgentApiEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.AgentApi;
    private const int MaxPage = 100;

    public static Reply Error(int status, string code, string message, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new AgentErrorBody(new AgentError(code, message)), Json.Snake.AgentErrorBody, headers);

    /// <summary>Key, scope and window checks; runs the due knowledge-base jobs first.</summary>
    private static (MockApiKey? Key, RuntimeAccount? Account, Reply? Error) Authenticate(MockState state, HttpContext context, string? scope)
    {
        state.RunJobs(all: false);
        var key = state.Key(P, Auth.Bearer(context));
        if (key is null || key.Revoked || state.Account(key.AccountId) is not { } account)
        {
            return (null, null, Error(401, "invalid_api_key", "The API key is missing, invalid or revoked."));
        }

        if (scope is not null && !key.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            return (null, null, Error(403, "insufficient_scope", $"This API key lacks the '{scope}' scope."));
        }

        if (state.TryAcquire("agentapi:key:" + key.Key, key.RateLimit) is { } retryAfter)
        {
            return (null, null, Error(429, "rate_limited", $"Rate limit exceeded. Retry after {retryAfter} seconds.", Reply.Header("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))));
        }

        return (key, account, null);
    }

    public static Reply Query(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "query");
        if (error is not null)
        {
            return error;
        }

        var json = RequestJson.Object(body);
        var message = RequestJson.String(json, "message");
        if (json is null || string.IsNullOrWhiteSpace(message))
        {
            return Error(400, "invalid_request", "'message' is required.");
        }

        var conversationId = RequestJson.String(json, "conversation_id");
        RuntimeConversation? conversation = null;
        if (!string.IsNullOrWhiteSpace(conversationId))
        {
            conversation = state.Conversation(P, conversationId);
            if (conversation is null || conversation.AccountId != account!.Seed.Id)
            {
                return Error(404, "not_found", $"Conversation '{conversationId}' was not found.");
            }
        }

        if (!state.AiAvailable(P))
        {
            return Error(503, "service_unavailable", "The AI service is temporarily unavailable.");
        }

        var limit = account!.Seed.QuotaLimit;
        if (limit is { } l && account.Used >= l)
        {
            return Error(429, "quota_exceeded", $"Monthly query quota exceeded ({account.Used}/{l}). Upgrade your plan or wait for the next period.");
        }

        conversation ??= state.GetOrCreateConversation(P, null, account.Seed.Id, null);
        var answer = Answerer.Answer(message, [], state.Knowledge(account.Seed.KnowledgeBaseId), conversation.LastUserMessage, Claims(RequestJson.String(json, "user_token")), null, state.EscalationThreshold);
        var text = answer.Escalate ? "I could not find a confident answer to that in the knowledge base." : answer.Text;
        account.Used++;
        state.Record(conversation, message, answer with { Text = text });
        state.RecordGap(account, message, conversation.Id, answer);
        var headers = new List<KeyValuePair<string, string>>();
        if (limit is { } max && max > 0)
        {
            var percent = account.Used * 100 / max;
            if (percent >= 90)
            {
                headers.Add(Reply.Header("X-Quota-Warning", $"{Math.Min(percent, 100)}% of monthly query quota used"));
            }
        }

        return Reply.Json(200, new AgentApiQueryResponse
        {
            Answer = text,
            ConversationId = conversation.Id,
            MessageId = state.NextMessageId(),
            Sources = answer.Escalate ? [] : answer.Sources.Select(s => new AgentApiSource(s.DocumentId, s.Title, Excerpt(s.Text))).ToArray(),
            Confidence = answer.Confidence,
        }, Json.Snake.AgentApiQueryResponse, [.. headers]);
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..197].TrimEnd() + "...";

    /// <summary>The claims of an (unverified) JWT, used like AISupportBot's userContext.</summary>
    private static JsonObject? Claims(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            return JsonNode.Parse(Convert.FromBase64String(payload)) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static (int Limit, int Offset, Reply? Error) Page(HttpContext context, int defaultLimit)
    {
        var limit = defaultLimit;
        var limitText = context.Request.Query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPage))
        {
            return (0, 0, Error(400, "invalid_request", $"'limit' must be between 1 and {MaxPage}."));
        }

        var offset = 0;
        var cursor = context.Request.Query["cursor"].ToString();
        if (cursor.Length > 0)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).AsSpan("offset:".Length), CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
            {
                return (0, 0, Error(400, "invalid_request", "'cursor' is not a cursor this API returned."));
            }
        }

        return (limit, offset, null);
    }

    private static string? NextCursor(int offset, int limit, int total) =>
        offset + limit < total ? Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (offset + limit).ToString(CultureInfo.InvariantCulture))) : null;

    private static RuntimeKnowledgeBase Kb(MockState state, RuntimeAccount account)
    {
        var id = account.Seed.KnowledgeBaseId ??= "kb:" + account.Seed.Id;
        var kb = state.KnowledgeBase(id);
        if (kb is null)
        {
            state.AddKnowledgeBase(id);
            kb = state.KnowledgeBase(id)!;
        }

        return kb;
    }

    private static AgentApiDocument Dto(RuntimeDocument d, bool withContent) => new()
    {
        Id = d.Id, Title = d.Title, Content = withContent ? d.Content : null, Url = d.Url, Status = d.Status,
        Metadata = d.Metadata, CreatedAt = d.CreatedAt, UpdatedAt = d.UpdatedAt,
    };

    public static Reply ListDocuments(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:read");
        if (error is not null)
        {
            return error;
        }

        var (limit, offset, pageError) = Page(context, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var docs = Kb(state, account!).Documents;
        return Reply.Json(200, new AgentApiDocumentList
        {
            Documents = docs.Skip(offset).Take(limit).Select(d => Dto(d, withContent: false)).ToArray(),
            NextCursor = NextCursor(offset, limit, docs.Count),
        }, Json.Snake.AgentApiDocumentList);
    }

    public static Reply GetDocument(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:read");
        if (error is not null)
        {
            return error;
        }

        var id = context.Request.RouteValues["id"] as string;
        var doc = Kb(state, account!).Documents.FirstOrDefault(d => d.Id == id);
        return doc is null
            ? Error(404, "not_found", $"Document '{id}' was not found.")
            : Reply.Json(200, Dto(doc, withContent: true), Json.Snake.AgentApiDocument);
    }

    private static (AgentApiDocumentWrite? Write, Reply? Error) ReadWrite(byte[] body)
    {
        var json = RequestJson.Object(body);
        if (json is null)
        {
            return (null, Error(400, "invalid_request", "The body must be a JSON object."));
        }

        Dictionary<string, string>? metadata = null;
        if (json["metadata"] is JsonObject m)
        {
            metadata = [];
            foreach (var (k, v) in m)
            {
                if (v is not JsonValue value || !value.TryGetValue<string>(out var s))
                {
                    return (null, Error(400, "invalid_request", "'metadata' values must be strings."));
                }

                metadata[k] = s;
            }
        }

        return (new AgentApiDocumentWrite { Title = RequestJson.String(json, "title"), Content = RequestJson.String(json, "content"), Url = RequestJson.String(json, "url"), Metadata = metadata }, null);
    }

    public static Reply CreateDocument(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:write");
        if (error is not null)
        {
            return error;
        }

        var (write, bad) = ReadWrite(body);
        if (bad is not null)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(write!.Title) || string.IsNullOrWhiteSpace(write.Content))
        {
            return Error(400, "invalid_request", "'title' and 'content' are required.");
        }

        var kb = Kb(state, account!);
        if (account!.Seed.DocumentsLimit is { } max && kb.Documents.Count >= max)
        {
            return Error(429, "quota_exceeded", $"Knowledge base document quota exceeded ({kb.Documents.Count}/{max}).");
        }

        var now = state.Now;
        var doc = new RuntimeDocument
        {
            Id = state.NextDocumentId(), Title = write.Title, Content = write.Content, Url = write.Url,
            Metadata = write.Metadata?.ToDictionary(), Status = "queued", CreatedAt = now, UpdatedAt = now,
        };
        kb.Documents.Add(doc);
        var (title, content) = (doc.Title, doc.Content);
        var job = state.Enqueue(() =>
        {
            doc.Indexed = Retrieval.Split(doc.Id, title, content);
            doc.Status = "indexed";
            kb.Invalidate();
        });
        return Reply.Json(202, new AgentApiJob { JobId = job, DocumentId = doc.Id, Status = "queued" }, Json.Snake.AgentApiJob);
    }

    public static Reply UpdateDocument(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:write");
        if (error is not null)
        {
            return error;
        }

        var (write, bad) = ReadWrite(body);
        if (bad is not null)
        {
            return bad;
        }

        var id = context.Request.RouteValues["id"] as string;
        var kb = Kb(state, account!);
        var doc = kb.Documents.FirstOrDefault(d => d.Id == id);
        if (doc is null)
        {
            return Error(404, "not_found", $"Document '{id}' was not found.");
        }

        doc.Title = write!.Title ?? doc.Title;
        doc.Content = write.Content ?? doc.Content;
        doc.Url = write.Url ?? doc.Url;
        doc.Metadata = write.Metadata?.ToDictionary() ?? doc.Metadata;
        doc.UpdatedAt = state.Now;
        doc.Status = "queued";
        var (title, content) = (doc.Title, doc.Content);
        var job = state.Enqueue(() =>
        {
            doc.Indexed = Retrieval.Split(doc.Id, title, content);
            doc.Status = "indexed";
            kb.Invalidate();
        });
        return Reply.Json(202, new AgentApiJob { JobId = job, DocumentId = doc.Id, Status = "queued" }, Json.Snake.AgentApiJob);
    }

    public static Reply DeleteDocument(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:write");
        if (error is not null)
        {
            return error;
        }

        var id = context.Request.RouteValues["id"] as string;
        var kb = Kb(state, account!);
        var doc = kb.Documents.FirstOrDefault(d => d.Id == id);
        if (doc is null)
        {
            return Error(404, "not_found", $"Document '{id}' was not found.");
        }

        doc.Status = "deleting";
        var job = state.Enqueue(() =>
        {
            kb.Documents.Remove(doc);
            kb.Invalidate();
        });
        return Reply.Json(202, new AgentApiJob { JobId = job, DocumentId = doc.Id, Status = "queued" }, Json.Snake.AgentApiJob);
    }

    public static Reply Reindex(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "kb:write");
        if (error is not null)
        {
            return error;
        }

        var kb = Kb(state, account!);
        var job = state.Enqueue(() =>
        {
            foreach (var d in kb.Documents.Where(d => d.Status == "indexed"))
            {
                d.Indexed = Retrieval.Split(d.Id, d.Title, d.Content);
            }

            kb.Invalidate();
        });
        return Reply.Json(202, new AgentApiJob { JobId = job, Status = "queued" }, Json.Snake.AgentApiJob);
    }

    public static Reply ListConversations(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "logs:read");
        if (error is not null)
        {
            return error;
        }

        var (limit, offset, pageError) = Page(context, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var all = state.Conversations(P, account!.Seed.Id).OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Sequence).ToList();
        return Reply.Json(200, new AgentApiConversationList
        {
            Conversations = all.Skip(offset).Take(limit).Select(c => new AgentApiConversationSummary
            {
                Id = c.Id, StartedAt = c.StartedAt, LastMessageAt = c.LastMessageAt, MessageCount = c.Messages.Count, Escalated = c.Escalated,
            }).ToArray(),
            NextCursor = NextCursor(offset, limit, all.Count),
        }, Json.Snake.AgentApiConversationList);
    }

    public static Reply GetConversation(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "logs:read");
        if (error is not null)
        {
            return error;
        }

        var id = context.Request.RouteValues["id"] as string;
        var conversation = state.Conversation(P, id);
        if (conversation is null || conversation.AccountId != account!.Seed.Id)
        {
            return Error(404, "not_found", $"Conversation '{id}' was not found.");
        }

        var messages = conversation.Messages.AsEnumerable();
        var limitText = context.Request.Query["limit"].ToString();
        if (limitText.Length > 0)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > MaxPage)
            {
                return Error(400, "invalid_request", $"'limit' must be between 1 and {MaxPage}.");
            }

            messages = messages.Skip(Math.Max(0, conversation.Messages.Count - limit));
        }

        return Reply.Json(200, new AgentApiConversation
        {
            Id = conversation.Id,
            Messages = messages.Select(m => new AgentApiMessage(m.Role, m.Content, m.Timestamp)).ToArray(),
        }, Json.Snake.AgentApiConversation);
    }

    public static Reply Gaps(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "logs:read");
        if (error is not null)
        {
            return error;
        }

        var (limit, _, pageError) = Page(context, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var gaps = account!.Gaps.AsEnumerable().Reverse().Take(limit).Select(g => new AgentApiGap(g.Question, g.ConversationId, g.AskedAt, g.Confidence)).ToArray();
        return Reply.Json(200, new AgentApiGapList { Gaps = gaps }, Json.Snake.AgentApiGapList);
    }

    public static Reply ListActions(MockState state, HttpContext context, byte[] body)
    {
        var (_, _, error) = Authenticate(state, context, "actions");
        if (error is not null)
        {
            return error;
        }

        return Reply.Json(200, new AgentApiActionList { Actions = state.Seed.Actions.Select(a => new AgentApiAction(a.Name, a.Description, a.Provider)).ToArray() }, Json.Snake.AgentApiActionList);
    }

    public static Reply RunAction(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, "actions");
        if (error is not null)
        {
            return error;
        }

        var name = context.Request.RouteValues["name"] as string;
        var action = state.Seed.Actions.FirstOrDefault(a => a.Name == name);
        if (action is null)
        {
            return Error(404, "not_found", $"Action '{name}' was not found.");
        }

        var json = body.Length == 0 ? new JsonObject() : RequestJson.Object(body);
        if (json is null)
        {
            return Error(400, "invalid_request", "The body must be a JSON object.");
        }

        if (account!.Seed.ActionsLimit is { } max && account.ActionsUsed >= max)
        {
            return Error(429, "quota_exceeded", $"Monthly actions quota exceeded ({account.ActionsUsed}/{max}).");
        }

        account.ActionsUsed++;
        var parameters = json["parameters"] as JsonObject;
        var result = new JsonObject
        {
            ["action"] = action.Name,
            ["provider"] = action.Provider,
            ["parameters"] = parameters?.DeepClone(),
            ["reference"] = "act_" + account.ActionsUsed.ToString("D6", CultureInfo.InvariantCulture),
        };
        return Reply.Json(200, new AgentApiActionResult { Action = action.Name, Status = "completed", Result = result }, Json.Snake.AgentApiActionResult);
    }

    public static Reply Usage(MockState state, HttpContext context, byte[] body)
    {
        var (_, account, error) = Authenticate(state, context, null);
        if (error is not null)
        {
            return error;
        }

        var a = account!;
        return Reply.Json(200, new AgentApiUsage
        {
            Plan = a.Seed.Plan,
            PeriodStart = a.PeriodStart,
            PeriodEnd = a.PeriodEnd,
            QueriesUsed = a.Used,
            QueriesLimit = a.Seed.QuotaLimit,
            DocumentsUsed = state.KnowledgeBase(a.Seed.KnowledgeBaseId)?.Documents.Count ?? 0,
            DocumentsLimit = a.Seed.DocumentsLimit,
            ActionsUsed = a.ActionsUsed,
            ActionsLimit = a.Seed.ActionsLimit,
        }, Json.Snake.AgentApiUsage);
    }
}

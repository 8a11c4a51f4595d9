using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers.AgentApi;

/// <summary>
/// AgentApi: bearer keys with scopes, <c>v1/query</c> with sources and confidence, queued knowledge-base writes (202),
/// conversation logs, gap log, actions, usage; per-minute window with <c>Retry-After</c>, <c>X-Quota-Warning</c> from 90 %.
/// </summary>
internal sealed class AgentApiEndpoints : ProviderEndpoints
{
    private const SupportBotProvider P = SupportBotProvider.AgentApi;
    private const int MaxPage = 100;
    private const string KnowledgeWrites = "kb-write";

    public override SupportBotProvider Provider => P;

    public override string Prefix => "agentapi/";

    public override string ValidBody => """{"answer":"Your subscription renews on the same day each month.","conversation_id":"conv_abc123","message_id":"msg_000001","sources":[],"confidence":0.9}""";

    public override string MalformedBody => """{"answer": "To reset your password, click", "confidence": 0.9, "sources": [{""";

    public override Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers) =>
        Reply.Json(status, new AgentErrorReply(new AgentErrorWire(code ?? StatusText.For(status).Code, details ?? message)), AgentApiWireContext.Wire.AgentErrorReply, headers);

    private Reply Fail(int status, string code, string message, params KeyValuePair<string, string>[] headers) => Error(status, message, null, code, headers);

    public override Reply Fault(int status) => Fail(status, StatusText.For(status).Code, StatusText.For(status).Text + " (injected by the mock server).");

    public override Reply InvalidBody() => Fail(400, "invalid_request", "The body must be a JSON object.");

    protected override void MapRoutes(Routes routes)
    {
        routes.Post("/v1/query", Query, "query");
        routes.Get("/v1/documents", ListDocuments, "kb:read");
        routes.Post("/v1/documents", CreateDocument, "kb:write", throttle: KnowledgeWrites);
        routes.Post("/v1/documents/reindex", Reindex, "kb:write", BodyKind.Optional, KnowledgeWrites);
        routes.Get("/v1/documents/{id}", GetDocument, "kb:read");
        routes.Put("/v1/documents/{id}", UpdateDocument, "kb:write", KnowledgeWrites);
        routes.Delete("/v1/documents/{id}", DeleteDocument, "kb:write", KnowledgeWrites);
        routes.Get("/v1/conversations", ListConversations, "logs:read");
        routes.Get("/v1/conversations/{id}", GetConversation, "logs:read");
        routes.Get("/v1/gaps", Gaps, "logs:read");
        routes.Get("/v1/actions", ListActions, "actions");
        routes.Post("/v1/actions/{name}", RunAction, "actions", BodyKind.Optional);
        routes.Get("/v1/usage", Usage);
    }

    /// <summary>Key, scope and per-key window; runs the due knowledge-base jobs first.</summary>
    public override Reply? Authenticate(MockState state, MockCall call, MockRoute route)
    {
        state.RunJobs(all: false);
        var key = state.Key(P, Auth.Bearer(call.Context));
        if (key is null || key.Revoked || state.Account(key.AccountId) is not { } account)
        {
            return Fail(401, "invalid_api_key", "The API key is missing, invalid or revoked.");
        }

        if (route.Scope is { } scope && !key.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            return Fail(403, "insufficient_scope", $"This API key lacks the '{scope}' scope.");
        }

        // Knowledge-base writes are "throttled separately and queued rather than rejected": they skip the per-minute
        // window of queries and reads, and their own window (KnowledgeWriteRateLimit) only delays their job (Enqueue).
        if (route.Throttle != KnowledgeWrites && state.TryAcquire("agentapi:key:" + key.Key, key.RateLimit) is { } retryAfter)
        {
            return Fail(429, "rate_limited", $"Rate limit exceeded. Retry after {retryAfter} seconds.", Reply.Header("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture)));
        }

        call.Key = key;
        call.Account = account;
        return null;
    }

    private Reply Query(MockState state, MockCall call)
    {
        var json = call.Json;
        var account = call.Account!;
        var message = RequestJson.String(json, "message");
        if (string.IsNullOrWhiteSpace(message))
        {
            return Fail(400, "invalid_request", "'message' is required.");
        }

        if (RequestJson.Mistyped(json, "conversation_id", JsonValueKind.String) || RequestJson.Mistyped(json, "user_token", JsonValueKind.String))
        {
            return Fail(400, "invalid_request", "'conversation_id' and 'user_token' must be strings.");
        }

        var conversationId = RequestJson.String(json, "conversation_id");
        RuntimeConversation? conversation = null;
        if (!string.IsNullOrWhiteSpace(conversationId))
        {
            conversation = state.Conversation(P, conversationId);
            if (conversation is null || conversation.AccountId != account.Seed.Id)
            {
                return Fail(404, "not_found", $"Conversation '{conversationId}' was not found.");
            }
        }

        if (!state.AiAvailable(P))
        {
            return Fail(503, "service_unavailable", "The AI service is temporarily unavailable.");
        }

        var limit = account.Seed.QuotaLimit;
        if (limit is { } l && account.Used >= l)
        {
            return Fail(429, "quota_exceeded", $"Monthly query quota exceeded ({account.Used}/{l}). Upgrade your plan or wait for the next period.");
        }

        conversation ??= state.GetOrCreateConversation(P, null, account.Seed.Id, null);
        var answer = Answerer.Answer(message, PassageIndex.Empty, state.Knowledge(account.Seed.KnowledgeBaseId), conversation.LastUserMessage, Claims(RequestJson.String(json, "user_token")), null, state.EscalationThreshold);
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

        var sources = answer.Escalate ? [] : answer.Sources.Select(s => new AgentSourceWire(s.DocumentId, s.Title, Excerpt(s.Text))).ToArray();
        return Reply.Json(200, new AgentQueryReply(text, conversation.Id, state.NextMessageId(), sources, answer.Confidence), AgentApiWireContext.Wire.AgentQueryReply, [.. headers]);
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
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private (int Limit, int Offset, Reply? Error) Page(MockCall call, int defaultLimit)
    {
        var limit = defaultLimit;
        var limitText = call.Query("limit");
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPage))
        {
            return (0, 0, Fail(400, "invalid_request", $"'limit' must be between 1 and {MaxPage}."));
        }

        var offset = 0;
        var cursor = call.Query("cursor");
        if (cursor.Length > 0)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).AsSpan("offset:".Length), CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
            {
                return (0, 0, Fail(400, "invalid_request", "'cursor' is not a cursor this API returned."));
            }

            if (offset < 0)
            {
                return (0, 0, Fail(400, "invalid_request", "'cursor' is not a cursor this API returned."));
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

    private static AgentDocumentSummaryWire Summary(RuntimeDocument d) => new(d.Id, d.Title, d.Url, d.Status, d.Metadata, d.CreatedAt, d.UpdatedAt);

    private Reply ListDocuments(MockState state, MockCall call)
    {
        var (limit, offset, pageError) = Page(call, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var docs = Kb(state, call.Account!).Documents;
        return Reply.Json(200, new AgentDocumentListReply(docs.Skip(offset).Take(limit).Select(Summary).ToArray(), NextCursor(offset, limit, docs.Count)), AgentApiWireContext.Wire.AgentDocumentListReply);
    }

    private Reply GetDocument(MockState state, MockCall call)
    {
        var id = call.Route("id");
        var d = Kb(state, call.Account!).Documents.FirstOrDefault(d => d.Id == id);
        return d is null
            ? Fail(404, "not_found", $"Document '{id}' was not found.")
            : Reply.Json(200, new AgentDocumentReply(d.Id, d.Title, d.Content, d.Url, d.Status, d.Metadata, d.CreatedAt, d.UpdatedAt), AgentApiWireContext.Wire.AgentDocumentReply);
    }

    private sealed record DocumentWrite(string? Title, string? Content, string? Url, Dictionary<string, string>? Metadata);

    private (DocumentWrite? Write, Reply? Error) ReadWrite(JsonObject json)
    {
        if (RequestJson.Mistyped(json, "title", JsonValueKind.String) || RequestJson.Mistyped(json, "content", JsonValueKind.String)
            || RequestJson.Mistyped(json, "url", JsonValueKind.String) || RequestJson.Mistyped(json, "metadata", JsonValueKind.Object))
        {
            return (null, Fail(400, "invalid_request", "'title', 'content' and 'url' must be strings, 'metadata' an object of strings."));
        }

        Dictionary<string, string>? metadata = null;
        if (json["metadata"] is JsonObject m)
        {
            metadata = new(StringComparer.Ordinal);
            foreach (var (k, v) in m)
            {
                if (v is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    return (null, Fail(400, "invalid_request", "'metadata' values must be strings."));
                }

                metadata[k] = value.GetValue<string>();
            }
        }

        return (new DocumentWrite(RequestJson.String(json, "title"), RequestJson.String(json, "content"), RequestJson.String(json, "url"), metadata), null);
    }

    private Reply CreateDocument(MockState state, MockCall call)
    {
        var (write, bad) = ReadWrite(call.Json!);
        if (bad is not null)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(write!.Title) || string.IsNullOrWhiteSpace(write.Content))
        {
            return Fail(400, "invalid_request", "'title' and 'content' are required.");
        }

        var account = call.Account!;
        var kb = Kb(state, account);
        if (account.Seed.DocumentsLimit is { } max && kb.Documents.Count >= max)
        {
            return Fail(429, "quota_exceeded", $"Knowledge base document quota exceeded ({kb.Documents.Count}/{max}).");
        }

        var now = state.Now;
        var doc = new RuntimeDocument
        {
            Id = state.NextDocumentId(), Title = write.Title, Content = write.Content, Url = write.Url,
            Metadata = write.Metadata, Status = "queued", CreatedAt = now, UpdatedAt = now,
        };
        kb.Documents.Add(doc);
        return QueueIndexing(state, call, kb, doc);
    }

    private Reply UpdateDocument(MockState state, MockCall call)
    {
        var (write, bad) = ReadWrite(call.Json!);
        if (bad is not null)
        {
            return bad;
        }

        var id = call.Route("id");
        var kb = Kb(state, call.Account!);
        var doc = kb.Documents.FirstOrDefault(d => d.Id == id);
        if (doc is null)
        {
            return Fail(404, "not_found", $"Document '{id}' was not found.");
        }

        doc.Title = write!.Title ?? doc.Title;
        doc.Content = write.Content ?? doc.Content;
        doc.Url = write.Url ?? doc.Url;
        doc.Metadata = write.Metadata ?? doc.Metadata;
        doc.UpdatedAt = state.Now;
        doc.Status = "queued";
        return QueueIndexing(state, call, kb, doc);
    }

    /// <summary>Queues the (re)indexing of <paramref name="doc"/>: a write answers 202 and becomes searchable when the job runs.</summary>
    private static Reply QueueIndexing(MockState state, MockCall call, RuntimeKnowledgeBase kb, RuntimeDocument doc)
    {
        var (title, content) = (doc.Title, doc.Content);
        var job = Enqueue(state, call, () =>
        {
            doc.Indexed = Retrieval.Split(doc.Id, title, content);
            doc.Status = "indexed";
            kb.Invalidate();
        });
        return Reply.Json(202, new AgentJobReply(job, doc.Id, "queued"), AgentApiWireContext.Wire.AgentJobReply);
    }

    /// <summary>
    /// Queues a knowledge-base job. Writes have their own per-key window (<see cref="MockApiKey.KnowledgeWriteRateLimit"/>);
    /// a write beyond it is still accepted (202 queued) and its job waits until that window ends.
    /// </summary>
    private static string Enqueue(MockState state, MockCall call, Action run)
    {
        var key = call.Key!;
        var wait = state.TryAcquire("agentapi:kb-write:" + key.Key, key.KnowledgeWriteRateLimit) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return state.Enqueue(run, wait);
    }

    private Reply DeleteDocument(MockState state, MockCall call)
    {
        var id = call.Route("id");
        var kb = Kb(state, call.Account!);
        var doc = kb.Documents.FirstOrDefault(d => d.Id == id);
        if (doc is null)
        {
            return Fail(404, "not_found", $"Document '{id}' was not found.");
        }

        doc.Status = "deleting";
        var job = Enqueue(state, call, () =>
        {
            kb.Documents.Remove(doc);
            kb.Invalidate();
        });
        return Reply.Json(202, new AgentJobReply(job, doc.Id, "queued"), AgentApiWireContext.Wire.AgentJobReply);
    }

    private static Reply Reindex(MockState state, MockCall call)
    {
        var kb = Kb(state, call.Account!);
        var job = Enqueue(state, call, () =>
        {
            foreach (var d in kb.Documents.Where(d => d.Status == "indexed"))
            {
                d.Indexed = Retrieval.Split(d.Id, d.Title, d.Content);
            }

            kb.Invalidate();
        });
        return Reply.Json(202, new AgentReindexReply(job, "queued"), AgentApiWireContext.Wire.AgentReindexReply);
    }

    private Reply ListConversations(MockState state, MockCall call)
    {
        var (limit, offset, pageError) = Page(call, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var all = state.Conversations(P, call.Account!.Seed.Id).OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Sequence).ToList();
        var page = all.Skip(offset).Take(limit).Select(c => new AgentConversationSummaryWire(c.Id, c.StartedAt, c.LastMessageAt, c.Messages.Count, c.Escalated)).ToArray();
        return Reply.Json(200, new AgentConversationListReply(page, NextCursor(offset, limit, all.Count)), AgentApiWireContext.Wire.AgentConversationListReply);
    }

    private Reply GetConversation(MockState state, MockCall call)
    {
        var id = call.Route("id");
        var conversation = state.Conversation(P, id);
        if (conversation is null || conversation.AccountId != call.Account!.Seed.Id)
        {
            return Fail(404, "not_found", $"Conversation '{id}' was not found.");
        }

        var messages = conversation.Messages.AsEnumerable();
        var limitText = call.Query("limit");
        if (limitText.Length > 0)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > MaxPage)
            {
                return Fail(400, "invalid_request", $"'limit' must be between 1 and {MaxPage}.");
            }

            messages = messages.Skip(Math.Max(0, conversation.Messages.Count - limit));
        }

        return Reply.Json(200, new AgentConversationReply(conversation.Id, messages.Select(m => new AgentMessageWire(m.Role, m.Content, m.Timestamp)).ToArray()), AgentApiWireContext.Wire.AgentConversationReply);
    }

    private Reply Gaps(MockState state, MockCall call)
    {
        var (limit, _, pageError) = Page(call, 50);
        if (pageError is not null)
        {
            return pageError;
        }

        var gaps = call.Account!.Gaps.AsEnumerable().Reverse().Take(limit).Select(g => new AgentGapWire(g.Question, g.ConversationId, g.AskedAt, g.Confidence)).ToArray();
        return Reply.Json(200, new AgentGapListReply(gaps), AgentApiWireContext.Wire.AgentGapListReply);
    }

    private static Reply ListActions(MockState state, MockCall call) =>
        Reply.Json(200, new AgentActionListReply(state.Seed.Actions.Select(a => new AgentActionWire(a.Name, a.Description, a.Provider)).ToArray()), AgentApiWireContext.Wire.AgentActionListReply);

    private Reply RunAction(MockState state, MockCall call)
    {
        var account = call.Account!;
        var name = call.Route("name");
        var action = state.Seed.Actions.FirstOrDefault(a => a.Name == name);
        if (action is null)
        {
            return Fail(404, "not_found", $"Action '{name}' was not found.");
        }

        if (RequestJson.Mistyped(call.Json, "parameters", JsonValueKind.Object) || RequestJson.Mistyped(call.Json, "conversation_id", JsonValueKind.String)
            || RequestJson.Mistyped(call.Json, "user_token", JsonValueKind.String))
        {
            return Fail(400, "invalid_request", "'parameters' must be an object, 'conversation_id' and 'user_token' strings.");
        }

        if (account.Seed.ActionsLimit is { } max && account.ActionsUsed >= max)
        {
            return Fail(429, "quota_exceeded", $"Monthly actions quota exceeded ({account.ActionsUsed}/{max}).");
        }

        account.ActionsUsed++;
        var parameters = call.Json?["parameters"] as JsonObject;
        var result = new JsonObject
        {
            ["action"] = action.Name,
            ["provider"] = action.Provider,
            ["parameters"] = parameters?.DeepClone(),
            ["reference"] = "act_" + account.ActionsUsed.ToString("D6", CultureInfo.InvariantCulture),
        };
        return Reply.Json(200, new AgentActionResultReply(action.Name, "completed", result), AgentApiWireContext.Wire.AgentActionResultReply);
    }

    private static Reply Usage(MockState state, MockCall call)
    {
        var a = call.Account!;
        return Reply.Json(200, new AgentUsageReply(
            a.Seed.Plan, a.PeriodStart, a.PeriodEnd, a.Used, a.Seed.QuotaLimit,
            state.KnowledgeBase(a.Seed.KnowledgeBaseId)?.Documents.Count ?? 0, a.Seed.DocumentsLimit, a.ActionsUsed, a.Seed.ActionsLimit),
            AgentApiWireContext.Wire.AgentUsageReply);
    }

    public override void AddDemo(MockSeed seed)
    {
        var docsDay = DemoSeed.DocsDay;
        MockAccount Account(string id, long limit, long used) => new()
        {
            Id = id, Provider = P, Plan = "business", QuotaLimit = limit, QuotaUsed = used, KnowledgeBaseId = DemoSeed.AgentApiKnowledgeBase,
            DocumentsLimit = 500, ActionsLimit = 100,
        };
        // One company's help centre behind all three accounts: the quota fixtures answer from the same knowledge.
        seed.AddAccount(Account("agent_main", 10000, 1200));
        seed.AddAccount(Account("agent_quota", 1000, 1000));
        seed.AddAccount(Account("agent_warning", 1000, 900));
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_your_key_here", AccountId = "agent_main" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_query_only", AccountId = "agent_main", Scopes = ["query"] });
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_revoked", AccountId = "agent_main", Revoked = true });
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_rate_limited", AccountId = "agent_main", RateLimit = new MockRateLimit { Permits = 0, WindowSeconds = 30 } });
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_quota_exhausted", AccountId = "agent_quota" });
        seed.AddKey(new MockApiKey { Provider = P, Key = "sk_live_quota_warning", AccountId = "agent_warning" });
        seed.AddConversation(new MockConversation
        {
            Provider = P, Id = "conv_abc123", AccountId = "agent_main",
            Messages =
            [
                new MockMessage { Role = "user", Content = "When does my subscription renew?", Timestamp = docsDay },
                new MockMessage { Role = "assistant", Content = "Your subscription renews automatically on the same day each month (or each year for annual plans), the day you first subscribed. You can see your next renewal date in Settings, then Billing.", Timestamp = docsDay.AddSeconds(1) },
            ],
        });
        seed.AddAction(new MockAction { Name = "order_status", Description = "Look up the status of a customer's order.", Provider = "shopify" });
        seed.AddAction(new MockAction { Name = "issue_refund", Description = "Refund a payment.", Provider = "stripe" });
        seed.AddAction(new MockAction { Name = "book_call", Description = "Book a call with the support team.", Provider = "calendly" });
    }
}

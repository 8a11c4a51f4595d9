using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

public class AgentApiTests
{
    private const string QueryResponse = """
        {"answer":"Your subscription renews on the 1st of each month.","conversation_id":"conv_abc123","message_id":"msg_001",
         "sources":[{"document_id":"doc_billing","title":"Billing FAQ","excerpt":"Subscriptions renew on the 1st."}],"confidence":0.87}
        """;

    [Fact]
    public async Task Query_matches_the_documented_body_and_normalizes_sources_and_confidence()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson(QueryResponse, r =>
        {
            r.Headers.Add("X-Quota-Warning", "90% of monthly query quota used");
            r.Headers.Add("X-RateLimit-Limit", "60");
            r.Headers.Add("X-RateLimit-Remaining", "59");
            r.Headers.Add("X-Request-Id", "req_42");
        });

        var reply = await client.ChatAsync(new ChatRequest("When does my subscription renew?") { ConversationId = "conv_abc123", UserToken = "jwt_for_authenticated_user" });

        var request = handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri("https://support.example.com/api/v1/query"));
        request.Header("Authorization").Should().Be("Bearer " + TestClients.AgentApiKey);
        JsonAssert.Equal("""{"message":"When does my subscription renew?","conversation_id":"conv_abc123","user_token":"jwt_for_authenticated_user"}""", request.Body);
        reply.Text.Should().Be("Your subscription renews on the 1st of each month.");
        reply.ConversationId.Should().Be("conv_abc123");
        reply.MessageId.Should().Be("msg_001");
        reply.Sources.Should().Equal(new SourceReference("doc_billing", "Billing FAQ", "Subscriptions renew on the 1st."));
        reply.Confidence.Should().Be(0.87);
        reply.RequiresEscalation.Should().BeFalse();
        reply.QuotaWarning.Should().Be("90% of monthly query quota used");
        reply.RateLimit.Should().Be(new RateLimitInfo(60, 59, null, null));
    }

    [Theory]
    [InlineData(0.49, 0.5, true)]
    [InlineData(0.5, 0.5, false)]
    [InlineData(0.7, 0.8, true)]
    public async Task Confidence_below_the_threshold_escalates(double confidence, double threshold, bool escalates)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi, o => o.EscalationConfidenceThreshold = threshold);
        handler.RespondJson(QueryResponse.Replace("0.87", confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var reply = await client.ChatAsync(new ChatRequest("q"));

        reply.RequiresEscalation.Should().Be(escalates);
    }

    [Fact]
    public async Task New_conversation_sends_no_id_and_the_second_turn_continues_it()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson(QueryResponse).RespondJson(QueryResponse);

        var first = await client.ChatAsync(new ChatRequest("one"));
        await client.ChatAsync(new ChatRequest("two") { ConversationId = first.ConversationId });

        JsonAssert.Equal("""{"message":"one"}""", handler.Requests[0].Body);
        JsonAssert.Equal("""{"message":"two","conversation_id":"conv_abc123"}""", handler.Requests[1].Body);
    }

    [Fact]
    public void No_base_address_is_rejected_at_construction()
    {
        var act = () => new SupportBotClient(new HttpClient(new RecordingHandler()), TestClients.Options(SupportBotProvider.AgentApi, o => o.BaseAddress = null));

        act.Should().Throw<SupportBotValidationException>().Which.ParameterName.Should().Be("BaseAddress");
    }

    [Fact]
    public async Task Rate_limit_429_with_Retry_After_is_retryable()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.Respond((HttpStatusCode)429, """{"error":{"code":"rate_limited","message":"Too many requests"}}""", configure: r => r.Headers.Add("Retry-After", "30"));

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("q"))).Should().ThrowAsync<SupportBotRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        ex.Details.Should().Be("Too many requests");
    }

    [Fact]
    public async Task Quota_429_is_not_a_rate_limit()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.Respond((HttpStatusCode)429, """{"error":{"code":"quota_exceeded","message":"Monthly query quota exceeded"}}""");

        (await client.Invoking(c => c.ChatAsync(new ChatRequest("q"))).Should().ThrowAsync<SupportBotQuotaExceededException>())
            .Which.IsRetryable.Should().BeFalse();
    }

    [Fact]
    public async Task Missing_scope_403_is_Forbidden()
    {
        var (native, handler) = TestClients.AgentApi();
        handler.Respond(HttpStatusCode.Forbidden, """{"error":{"code":"insufficient_scope","message":"This key lacks the kb:write scope"}}""");

        var ex = (await native.Invoking(n => n.CreateDocumentAsync(new AgentApiDocumentWrite { Title = "t", Content = "c" })).Should().ThrowAsync<SupportBotAuthenticationException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
        ex.Details.Should().Be("This key lacks the kb:write scope");
    }

    [Fact]
    public async Task Knowledge_base_writes_are_queued_with_202()
    {
        var (native, handler) = TestClients.AgentApi();
        handler.Respond(HttpStatusCode.Accepted, """{"job_id":"job_1","document_id":"doc_1","status":"queued"}""");
        handler.Respond(HttpStatusCode.Accepted, """{"job_id":"job_2","document_id":"doc_1","status":"queued"}""");
        handler.Respond(HttpStatusCode.Accepted, """{"job_id":"job_3","document_id":"doc_1","status":"queued"}""");
        handler.Respond(HttpStatusCode.Accepted, """{"job_id":"job_4","status":"queued"}""");

        var created = await native.CreateDocumentAsync(new AgentApiDocumentWrite { Title = "Refunds", Content = "Refunds within 30 days.", Url = "https://help.example.com/refunds", Metadata = new Dictionary<string, string> { ["lang"] = "en" } });
        var updated = await native.UpdateDocumentAsync("doc_1", new AgentApiDocumentWrite { Content = "Refunds within 60 days." });
        var deleted = await native.DeleteDocumentAsync("doc_1");
        var reindex = await native.ReindexAsync();

        created.StatusCode.Should().Be(202);
        created.Value.Should().BeEquivalentTo(new AgentApiJob { JobId = "job_1", DocumentId = "doc_1", Status = "queued" });
        handler.Requests.Select(r => (r.Method.Method, r.Uri.PathAndQuery)).Should().Equal(
            ("POST", "/api/v1/documents"), ("PUT", "/api/v1/documents/doc_1"), ("DELETE", "/api/v1/documents/doc_1"), ("POST", "/api/v1/documents/reindex"));
        JsonAssert.Equal("""{"title":"Refunds","content":"Refunds within 30 days.","url":"https://help.example.com/refunds","metadata":{"lang":"en"}}""", handler.Requests[0].Body);
        JsonAssert.Equal("""{"content":"Refunds within 60 days."}""", handler.Requests[1].Body);
        handler.Requests[2].Body.Should().BeNull();
        updated.Value.JobId.Should().Be("job_2");
        deleted.Value.JobId.Should().Be("job_3");
        reindex.Value.JobId.Should().Be("job_4");
    }

    [Fact]
    public async Task Document_create_requires_title_and_content()
    {
        var (native, handler) = TestClients.AgentApi();

        await native.Invoking(n => n.CreateDocumentAsync(new AgentApiDocumentWrite { Title = "t" })).Should().ThrowAsync<SupportBotValidationException>();
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Reads_use_the_documented_resources()
    {
        var (native, handler) = TestClients.AgentApi();
        handler.RespondJson("""{"documents":[{"id":"doc_1","title":"Refunds","status":"indexed"}],"next_cursor":"c2"}""");
        handler.RespondJson("""{"id":"doc_1","title":"Refunds","content":"Refunds within 30 days.","status":"indexed"}""");
        handler.RespondJson("""{"conversations":[{"id":"conv_abc123","message_count":2,"escalated":false}],"next_cursor":null}""");
        handler.RespondJson("""{"gaps":[{"question":"Do you ship to Mars?","conversation_id":"conv_9","asked_at":"2026-01-01T00:00:00Z","confidence":0.1}]}""");
        handler.RespondJson("""{"actions":[{"name":"shopify.order_status","description":"Look up an order","provider":"shopify"}]}""");
        handler.RespondJson("""{"action":"shopify.order_status","status":"completed","result":{"order":"1001","state":"shipped"}}""");

        var docs = await native.ListDocumentsAsync(limit: 10, cursor: "c1");
        var doc = await native.GetDocumentAsync("doc_1");
        var conversations = await native.ListConversationsAsync(limit: 5);
        var gaps = await native.GetGapsAsync(limit: 20);
        var actions = await native.ListActionsAsync();
        var result = await native.RunActionAsync("shopify.order_status", new AgentApiActionRequest { Parameters = new JsonObject { ["order"] = "1001" } });

        handler.Requests.Select(r => (r.Method.Method, r.Uri.PathAndQuery)).Should().Equal(
            ("GET", "/api/v1/documents?limit=10&cursor=c1"), ("GET", "/api/v1/documents/doc_1"), ("GET", "/api/v1/conversations?limit=5"),
            ("GET", "/api/v1/gaps?limit=20"), ("GET", "/api/v1/actions"), ("POST", "/api/v1/actions/shopify.order_status"));
        JsonAssert.Equal("""{"parameters":{"order":"1001"}}""", handler.Requests[5].Body);
        docs.Value.Documents.Should().ContainSingle().Which.Id.Should().Be("doc_1");
        docs.Value.NextCursor.Should().Be("c2");
        doc.Value.Content.Should().Be("Refunds within 30 days.");
        conversations.Value.Conversations.Should().ContainSingle().Which.MessageCount.Should().Be(2);
        gaps.Value.Gaps.Should().Equal(new AgentApiGap("Do you ship to Mars?", "conv_9", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 0.1));
        actions.Value.Actions.Should().Equal(new AgentApiAction("shopify.order_status", "Look up an order", "shopify"));
        result.Value.Result!["state"]!.GetValue<string>().Should().Be("shipped");
    }

    [Fact]
    public async Task Conversation_and_usage_are_normalized()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson("""{"id":"conv_abc123","messages":[{"role":"user","content":"Hi","timestamp":"2026-01-01T00:00:00Z"},{"role":"assistant","content":"Hello!","timestamp":"2026-01-01T00:00:01Z"}]}""");
        handler.RespondJson("""{"plan":"growth","period_start":"2026-11-01T00:00:00Z","period_end":"2026-12-01T00:00:00Z","queries_used":900,"queries_limit":1000,"documents_used":40,"documents_limit":500}""");

        var transcript = await client.GetConversationAsync("conv_abc123", limit: 50);
        var usage = await client.GetAccountAsync();

        handler.Requests[0].Uri.PathAndQuery.Should().Be("/api/v1/conversations/conv_abc123?limit=50");
        handler.Requests[1].Uri.PathAndQuery.Should().Be("/api/v1/usage");
        transcript.Messages.Select(m => (m.Role, m.Content)).Should().Equal((MessageRole.User, "Hi"), (MessageRole.Assistant, "Hello!"));
        usage.Should().BeEquivalentTo(new
        {
            Plan = "growth", MessagesUsed = 900L, MessagesLimit = 1000L, MessagesRemaining = 100L,
            PeriodStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), PeriodEnd = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task List_limits_outside_1_to_100_are_rejected_before_sending(int limit)
    {
        var (native, handler) = TestClients.AgentApi();

        await native.Invoking(n => n.ListDocumentsAsync(limit)).Should().ThrowAsync<SupportBotValidationException>();
        handler.Requests.Should().BeEmpty();
    }
}

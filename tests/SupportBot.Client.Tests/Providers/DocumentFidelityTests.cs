using System.Net;
using SupportBot.Client.Providers.AgentApi;
using SupportBot.Client.Providers.ChatSupportAI;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

/// <summary>
/// The provider documents, exactly (issue 11): strict where they are explicit, tolerant where they are silent, nothing a caller
/// would want lost. Each test names its item.
/// </summary>
public sealed class DocumentFidelityTests
{
    // Item 1 — AgentApi query: the document names the content, not the field names.
    [Fact]
    public async Task Item1_AgentApi_reads_ids_and_a_confidence_label_under_metadata_and_alternative_source_names()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson("""
            {"answer":"Refunds take 5 days.","sources":[{"id":"doc_refunds","title":"Refunds","passage":"Refunds are processed within 5 days."},{"document_id":"doc_faq","text":"See the FAQ."}],
             "metadata":{"confidence":"high","conversation_id":"conv_9","message_id":"msg_9"}}
            """);

        var reply = await client.ChatAsync(new ChatRequest("How long do refunds take?"));

        reply.Text.Should().Be("Refunds take 5 days.");
        reply.ConversationId.Should().Be("conv_9");
        reply.MessageId.Should().Be("msg_9");
        reply.Confidence.Should().Be(0.9);
        reply.RequiresEscalation.Should().BeFalse();
        reply.Sources.Should().Equal(
            new SourceReference("doc_refunds", "Refunds", "Refunds are processed within 5 days."),
            new SourceReference("doc_faq", null, "See the FAQ."));
    }

    [Theory]
    [InlineData("0.42", 0.42, null)]
    [InlineData("85", 0.85, null)]
    [InlineData("\"0.7\"", 0.7, null)]
    [InlineData("\"85%\"", 0.85, null)]
    [InlineData("\"high\"", 0.9, "high")]
    [InlineData("\"Medium\"", 0.6, "Medium")]
    [InlineData("\"low\"", 0.3, "low")]
    [InlineData("\"unheard-of\"", null, "unheard-of")]
    public async Task Item1_AgentApi_confidence_is_a_number_a_percentage_or_a_label(string confidence, double? expected, string? label)
    {
        var (native, handler) = TestClients.AgentApi();
        handler.RespondJson($$"""{"answer":"A","conversation_id":"c1","confidence":{{confidence}}}""");

        var response = await native.QueryAsync(new AgentApiQueryRequest { Message = "q" });

        response.Value.Confidence.Should().Be(expected);
        response.Value.ConfidenceLabel.Should().Be(label);
    }

    [Fact]
    public async Task Item1_AgentApi_a_low_label_escalates_and_a_missing_conversation_id_is_minted()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson("""{"answer":"Maybe.","confidence":"low"}""");

        var reply = await client.ChatAsync(new ChatRequest("Can I pay in gold?"));

        reply.Text.Should().Be("Maybe.");
        reply.Confidence.Should().Be(0.3);
        reply.RequiresEscalation.Should().BeTrue("0.3 is below the 0.5 threshold");
        reply.ConversationId.Should().MatchRegex("^conv_[0-9a-f]{32}$");
    }

    // Item 2 — empty 2xx bodies on queued writes are success.
    [Theory]
    [InlineData(HttpStatusCode.Accepted)]
    [InlineData(HttpStatusCode.NoContent)]
    public async Task Item2_AgentApi_writes_answered_with_an_empty_body_are_accepted(HttpStatusCode status)
    {
        var (native, handler) = TestClients.AgentApi();
        for (var i = 0; i < 4; i++)
        {
            handler.Respond(_ => new HttpResponseMessage(status) { Content = new ByteArrayContent([]) });
        }

        var results = new[]
        {
            await native.CreateDocumentAsync(new AgentApiDocumentWrite { Title = "T", Content = "C" }),
            await native.UpdateDocumentAsync("doc_1", new AgentApiDocumentWrite { Content = "C" }),
            await native.DeleteDocumentAsync("doc_1"),
            await native.ReindexAsync(),
        };

        results.Should().AllSatisfy(r =>
        {
            r.StatusCode.Should().Be((int)status);
            r.Value.Should().BeEquivalentTo(new AgentApiJob());
        });
        handler.Requests.Should().HaveCount(4, "each write was sent once; nothing to retry");
    }

    [Fact]
    public async Task Item2_an_empty_body_where_an_answer_is_due_is_still_InvalidResponse()
    {
        var (native, handler) = TestClients.AgentApi();
        handler.Respond(HttpStatusCode.OK, string.Empty);

        var ex = await FluentActions.Awaiting(() => native.GetUsageAsync()).Should().ThrowAsync<SupportBotException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
    }

    // Item 3 — AgentApi: a quota body is QuotaExceeded on 402, 403 or 429.
    [Theory]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Item3_AgentApi_a_quota_body_is_QuotaExceeded_whatever_the_status(int status)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.Respond((HttpStatusCode)status, """{"error":{"code":"quota_exceeded","message":"Monthly query quota exhausted (10000/10000)."}}""");

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotQuotaExceededException>();

        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        ex.Which.StatusCode.Should().Be(status);
        ex.Which.Used.Should().Be(10000);
        ex.Which.Message.Should().NotContain("check the API key");
    }

    [Fact]
    public async Task Item3_AgentApi_a_403_without_a_quota_body_is_still_forbidden()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.Respond(HttpStatusCode.Forbidden, """{"error":{"code":"insufficient_scope","message":"This key lacks the query scope."}}""");

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotAuthenticationException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
    }

    [Fact]
    public async Task Item3_other_providers_keep_403_as_forbidden_even_with_quota_words()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.Respond(HttpStatusCode.Forbidden, """{"success":false,"error":"quota exceeded"}""");

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotAuthenticationException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
    }

    // Item 12 (SDK side) — ChatSupport AI and AskIA describe a per-window rate limit on 429, no monthly quota.
    [Theory]
    [InlineData(SupportBotProvider.ChatSupportAI)]
    [InlineData(SupportBotProvider.AskIA)]
    public async Task Item12_a_429_from_a_provider_without_a_monthly_quota_is_a_rate_limit_whatever_its_words(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.Respond((HttpStatusCode)429, """{"error":"Quota exceeded, try again later"}""", configure: r => r.Headers.Add("Retry-After", "5"));

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotRateLimitException>();
        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.RateLimited);
        ex.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(5));
    }

    // Item 5 — ChatSupport AI: documented versus inferred operations, and a 404 on an inferred path says so.
    [Fact]
    public void Item5_capabilities_tell_documented_operations_from_inferred_ones()
    {
        var capabilities = ProviderCapabilities.For(SupportBotProvider.ChatSupportAI);
        capabilities.InferredOperations.Should().Equal("GetBot", "GetBranding");
        capabilities.IsDocumented("Chat").Should().BeTrue();
        capabilities.IsDocumented("GetBot").Should().BeFalse();
        capabilities.IsDocumented("GetWebsites").Should().BeFalse("not supported at all");
        foreach (var provider in Enum.GetValues<SupportBotProvider>().Where(p => p != SupportBotProvider.ChatSupportAI))
        {
            ProviderCapabilities.For(provider).InferredOperations.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Item5_a_404_on_the_inferred_widget_config_path_names_the_option_that_moves_it()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.Respond(HttpStatusCode.NotFound, """{"error":"Not found"}""");

        var ex = await FluentActions.Awaiting(() => client.GetBotAsync()).Should().ThrowAsync<SupportBotException>();

        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.Which.StatusCode.Should().Be(404);
        ex.Which.Message.Should().Contain("'widget/YOUR_WIDGET_ID/config' is inferred from ChatSupport AI's JavaScript SDK, not documented")
            .And.Contain("SupportBotClientOptions.ChatSupportAIWidgetConfigPath");
    }

    [Fact]
    public async Task Item5_a_404_on_the_inferred_scrape_path_names_its_option()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.Respond(HttpStatusCode.NotFound, """{"error":"Not found"}""");

        var ex = await FluentActions.Awaiting(() => client.GetNativeClient<ChatSupportAIClient>().ScrapeUrlAsync("https://example.com/")).Should().ThrowAsync<SupportBotException>();
        ex.Which.Message.Should().Contain("SupportBotClientOptions.ChatSupportAIScrapePath");
    }

    // Item 6 — null or missing collections read as empty.
    [Theory]
    [InlineData(SupportBotProvider.AgentApi, """{"id":"c1","messages":null}""")]
    [InlineData(SupportBotProvider.AgentApi, """{"id":"c1"}""")]
    [InlineData(SupportBotProvider.AgentApi, """{"id":"c1","messages":[null,{"role":"user","content":"Q"}]}""")]
    [InlineData(SupportBotProvider.Asyntai, """{"success":true,"session_id":"c1","messages":null}""")]
    [InlineData(SupportBotProvider.Asyntai, """{"success":true,"session_id":"c1","messages":[null]}""")]
    public async Task Item6_null_or_missing_transcript_messages_read_as_empty(SupportBotProvider provider, string body)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.RespondJson(body);

        var transcript = await client.GetConversationAsync("c1");

        transcript.Messages.Select(m => m.Content).Should().Equal(body.Contains("\"Q\"", StringComparison.Ordinal) ? ["Q"] : []);
    }

    // Item 7 — the provider's request id on the reply.
    [Theory]
    [InlineData(SupportBotProvider.AISupportBot, """{"response":"Hi","requiresEscalation":false}""")]
    [InlineData(SupportBotProvider.Asyntai, """{"success":true,"response":"Hi","session_id":"s1"}""")]
    [InlineData(SupportBotProvider.ChatSupportAI, """{"id":"r1","message":"Hi","timestamp":"2023-03-29T14:30:00.000Z"}""")]
    [InlineData(SupportBotProvider.AskIA, """{"reply":"Hi","conversationId":"c1","messageId":"m1"}""")]
    [InlineData(SupportBotProvider.AgentApi, """{"answer":"Hi","conversation_id":"c1","confidence":0.9}""")]
    public async Task Item7_the_reply_carries_the_request_id(SupportBotProvider provider, string body)
    {
        var (client, handler) = TestClients.Create(provider);
        handler.RespondJson(body, r => r.Headers.Add("X-Request-Id", "req_7"));

        var reply = await client.ChatAsync(new ChatRequest("hi"));

        reply.RequestId.Should().Be("req_7");
    }

    // Item 8 — every quota AgentApi reports, provider-neutrally.
    [Fact]
    public async Task Item8_AgentApi_usage_keeps_queries_documents_and_actions()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.RespondJson("""{"plan":"growth","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","queries_used":1250,"queries_limit":10000,"documents_used":42,"documents_limit":500,"actions_used":17,"actions_limit":1000}""");

        var account = await client.GetAccountAsync();

        account.MessagesUsed.Should().Be(1250);
        account.Quotas.Should().Equal(new UsageQuota("queries", 1250, 10000), new UsageQuota("documents", 42, 500), new UsageQuota("actions", 17, 1000));
        account.Quotas[1].Remaining.Should().Be(458);
    }

    [Fact]
    public async Task Item8_Asyntai_usage_reports_its_one_quota_by_name()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":true,"account":{"email":"you@example.com","plan":"starter","messages_used":150,"messages_limit":2500}}""");

        var account = await client.GetAccountAsync();

        account.Quotas.Should().Equal(new UsageQuota("messages", 150, 2500));
    }

    // Item 9 — limit headers on exceptions as on replies.
    [Fact]
    public async Task Item9_rate_limit_and_quota_warning_headers_reach_the_exception()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi);
        handler.Respond((HttpStatusCode)429, """{"error":{"code":"rate_limited","message":"Too many requests."}}""", configure: r =>
        {
            r.Headers.Add("Retry-After", "30");
            r.Headers.Add("X-RateLimit-Limit", "60");
            r.Headers.Add("X-RateLimit-Remaining", "0");
            r.Headers.Add("X-Quota-Warning", "90% of monthly queries used");
        });

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotRateLimitException>();

        ex.Which.QuotaWarning.Should().Be("90% of monthly queries used");
        ex.Which.RateLimit.Should().NotBeNull();
        ex.Which.RateLimit!.Limit.Should().Be(60);
        ex.Which.RateLimit.Remaining.Should().Be(0);
        ex.Which.RateLimit.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
    }

    // Item 10 — RawJson on websites and transcripts.
    [Fact]
    public async Task Item10_websites_and_transcripts_keep_the_raw_body()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        const string websites = """{"success":true,"websites":[{"id":1,"name":"My Website","domain":"example.com","is_primary":true}]}""";
        const string transcript = """{"success":true,"session_id":"s1","messages":[{"role":"user","content":"Q"}]}""";
        handler.RespondJson(websites).RespondJson(transcript);

        (await client.GetWebsitesAsync()).Single().RawJson.Should().Be(websites);
        (await client.GetConversationAsync("s1")).RawJson.Should().Be(transcript);
    }

    // Item 11 — AISupportBot: an escalated empty answer keeps the history alternating.
    [Fact]
    public async Task Item11_an_escalated_empty_answer_is_stored_so_the_history_alternates()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson("""{"response":"","requiresEscalation":true}""");
        handler.RespondJson("""{"response":"Sure.","requiresEscalation":false}""");

        var first = await client.ChatAsync(new ChatRequest("I want a human"));
        await client.ChatAsync(new ChatRequest("Still there?") { ConversationId = first.ConversationId });

        first.RequiresEscalation.Should().BeTrue();
        JsonAssert.Equal("""
            {"assistantId":"clz1abc...","message":"Still there?","history":[{"role":"user","content":"I want a human"},{"role":"assistant","content":""}]}
            """, handler.Requests[1].Body);
    }
}

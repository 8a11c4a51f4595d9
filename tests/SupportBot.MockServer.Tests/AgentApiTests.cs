using SupportBot.Client;
using SupportBot.Client.Providers.AgentApi;

namespace SupportBot.MockServer.Tests;

public sealed class AgentApiTests
{
    private const SupportBotProvider P = SupportBotProvider.AgentApi;

    [Fact]
    public async Task Query_returns_answer_sources_confidence_and_continues_the_conversation()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("When does my subscription renew?", "conv_abc123");

        reply.ConversationId.Should().Be("conv_abc123");
        reply.RequiresEscalation.Should().BeFalse();
        reply.Confidence.Should().BeGreaterThanOrEqualTo(0.5);
        reply.Sources.Should().NotBeEmpty();
        reply.Sources[0].DocumentId.Should().Be("doc_renewal");
        reply.Sources[0].Title.Should().Be("Subscription renewal and billing dates");
        reply.Text.Should().Contain("renews automatically");

        var transcript = await client.GetConversationAsync("conv_abc123");
        transcript.Messages.Should().HaveCount(4);
    }

    [Fact]
    public async Task Low_confidence_escalates_and_lands_in_the_gap_log()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("Can I pay with bitcoin on Mars?");

        reply.RequiresEscalation.Should().BeTrue();
        reply.Confidence.Should().BeLessThan(0.5);
        reply.Sources.Should().BeEmpty();
        var gaps = await client.GetNativeClient<AgentApiClient>().GetGapsAsync();
        gaps.Value.Gaps.Should().ContainSingle().Which.Should().Match<AgentApiGap>(g => g.Question == "Can I pay with bitcoin on Mars?" && g.ConversationId == reply.ConversationId);
        var conversations = await client.GetNativeClient<AgentApiClient>().ListConversationsAsync();
        conversations.Value.Conversations[0].Id.Should().Be(reply.ConversationId);
        conversations.Value.Conversations[0].Escalated.Should().BeTrue();
    }

    [Fact]
    public async Task User_token_claims_personalize_the_answer()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        // {"name":"Ada","plan":"pro"}
        var payload = Convert.ToBase64String("{\"name\":\"Ada\",\"plan\":\"pro\"}"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var reply = await client.ChatAsync(new ChatRequest("Which plan am I on?") { UserToken = "eyJhbGciOiJIUzI1NiJ9." + payload + ".sig" });

        reply.Text.Should().StartWith("Hi Ada!").And.Contain("Your plan: pro.");
        server.Journal.Single().Headers["Authorization"].Should().Be("Bearer sk_l***");
    }

    [Fact]
    public async Task Usage_agrees_with_the_queries_sent()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        var before = await client.GetAccountAsync();

        await client.ChatAsync("How do I export my notes?");
        await client.ChatAsync("Something completely unknown zzz");

        var after = await client.GetAccountAsync();
        before.MessagesUsed.Should().Be(1200);
        after.MessagesUsed.Should().Be(1202);
        after.MessagesLimit.Should().Be(10000);
        after.PeriodStart.Should().BeBefore(after.PeriodEnd!.Value);
    }

    [Fact]
    public async Task Document_writes_are_202_and_searchable_after_the_queued_job()
    {
        var time = Mock.Clock();
        await using var server = await Mock.StartAsync(time);
        using var client = server.CreateClient(P);
        var native = client.GetNativeClient<AgentApiClient>();
        const string question = "Does Acme Notes support dark mode themes?";

        (await client.ChatAsync(question)).RequiresEscalation.Should().BeTrue();
        var job = await native.CreateDocumentAsync(new AgentApiDocumentWrite { Title = "Dark mode", Content = "Acme Notes supports dark mode themes: open Settings, then Appearance, and choose Dark." });
        job.StatusCode.Should().Be(202);
        job.Value.Status.Should().Be("queued");
        (await native.GetDocumentAsync(job.Value.DocumentId!)).Value.Status.Should().Be("queued");
        (await client.ChatAsync(question)).RequiresEscalation.Should().BeTrue();

        time.Advance(TimeSpan.FromSeconds(2));
        var reply = await client.ChatAsync(question);
        reply.RequiresEscalation.Should().BeFalse();
        reply.Sources[0].DocumentId.Should().Be(job.Value.DocumentId);
        (await native.GetDocumentAsync(job.Value.DocumentId!)).Value.Status.Should().Be("indexed");

        var delete = await native.DeleteDocumentAsync(job.Value.DocumentId!);
        delete.StatusCode.Should().Be(202);
        server.RunQueuedJobs().Should().Be(1);
        (await FluentActions.Awaiting(() => native.GetDocumentAsync(job.Value.DocumentId!)).Should().ThrowAsync<SupportBotException>()).Which.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task Documents_page_with_cursor_and_reindex_is_queued()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        var native = client.GetNativeClient<AgentApiClient>();

        var first = await native.ListDocumentsAsync(limit: 10);
        first.Value.Documents.Should().HaveCount(10).And.OnlyContain(d => d.Content == null && d.Status == "indexed");
        var second = await native.ListDocumentsAsync(limit: 20, cursor: first.Value.NextCursor);
        second.Value.Documents.Should().HaveCountGreaterThan(10);
        second.Value.NextCursor.Should().BeNull();
        first.Value.Documents.Select(d => d.Id).Should().NotIntersectWith(second.Value.Documents.Select(d => d.Id));

        (await native.ReindexAsync()).StatusCode.Should().Be(202);
        var update = await native.UpdateDocumentAsync("doc_pricing", new AgentApiDocumentWrite { Content = "Plans: Free and Pro only." });
        update.StatusCode.Should().Be(202);
        (await FluentActions.Awaiting(() => native.UpdateDocumentAsync("doc_unknown", new AgentApiDocumentWrite { Content = "x" })).Should().ThrowAsync<SupportBotException>())
            .Which.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
    }

    [Fact]
    public async Task Actions_run_and_count()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        var native = client.GetNativeClient<AgentApiClient>();

        (await native.ListActionsAsync()).Value.Actions.Select(a => a.Provider).Should().Equal("shopify", "stripe", "calendly");
        var result = await native.RunActionAsync("order_status", new AgentApiActionRequest { Parameters = new() { ["order"] = "1001" } });
        result.Value.Status.Should().Be("completed");
        result.Value.Result!["parameters"]!["order"]!.GetValue<string>().Should().Be("1001");
        (await native.GetUsageAsync()).Value.ActionsUsed.Should().Be(1);
        (await FluentActions.Awaiting(() => native.RunActionAsync("nope")).Should().ThrowAsync<SupportBotException>()).Which.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task Query_only_key_lacks_kb_logs_and_actions_scopes()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.ApiKey = "sk_live_query_only");
        var native = client.GetNativeClient<AgentApiClient>();

        (await client.ChatAsync("How do I export my notes?")).RequiresEscalation.Should().BeFalse();
        foreach (var call in new Func<Task>[] { () => native.ListDocumentsAsync(), () => native.GetGapsAsync(), () => native.ListActionsAsync(), () => client.GetConversationAsync("conv_abc123") })
        {
            var ex = (await call.Should().ThrowAsync<SupportBotAuthenticationException>()).Which;
            ex.StatusCode.Should().Be(403);
            ex.ResponseBody.Should().Contain("\"code\":\"insufficient_scope\"");
        }
    }

    [Fact]
    public async Task Revoked_key_is_401_rate_limited_is_429_with_retry_after()
    {
        await using var server = await Mock.StartAsync();
        using var revoked = server.CreateClient(P, o => o.ApiKey = "sk_live_revoked");
        (await FluentActions.Awaiting(() => revoked.ChatAsync("hi")).Should().ThrowAsync<SupportBotAuthenticationException>())
            .Which.ResponseBody.Should().Contain("invalid_api_key");
        (await server.RawAsync(P, HttpMethod.Get, "v1/usage")).Status.Should().Be(401);

        using var limited = server.CreateClient(P, o => { o.ApiKey = "sk_live_rate_limited"; Mock.NoRetries(o); });
        var ex = (await FluentActions.Awaiting(() => limited.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        ex.ResponseBody.Should().Contain("\"code\":\"rate_limited\"");
    }

    [Fact]
    public async Task Quota_exhausted_is_429_quota_without_retry_after_and_warning_comes_first()
    {
        await using var server = await Mock.StartAsync();
        using var exhausted = server.CreateClient(P, o => o.ApiKey = "sk_live_quota_exhausted");
        var ex = (await FluentActions.Awaiting(() => exhausted.ChatAsync("hi")).Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.RetryAfter.Should().BeNull();
        ex.ResponseBody.Should().Contain("\"code\":\"quota_exceeded\"");

        using var warned = server.CreateClient(P, o => o.ApiKey = "sk_live_quota_warning");
        var reply = await warned.ChatAsync("How do I export my notes?");
        reply.QuotaWarning.Should().Be("90% of monthly query quota used");
    }

    [Fact]
    public async Task Quota_drains_to_429_and_the_usage_endpoint_agrees()
    {
        var seed = MockSeed.Demo;
        seed.Accounts.Single(a => a.Id == "agent_main").QuotaUsed = 9995;
        await using var server = await Mock.StartAsync(seed: seed);
        using var client = server.CreateClient(P);

        var accepted = 0;
        var warnings = new List<string?>();
        for (var i = 0; i < 8; i++)
        {
            try
            {
                warnings.Add((await client.ChatAsync("How do I export my notes?")).QuotaWarning);
                accepted++;
            }
            catch (SupportBotQuotaExceededException)
            {
            }
        }

        accepted.Should().Be(5);
        warnings.Should().OnlyContain(w => w != null && w.EndsWith("% of monthly query quota used", StringComparison.Ordinal));
        (await client.GetAccountAsync()).MessagesUsed.Should().Be(10000);
    }

    [Fact]
    public async Task Unknown_conversation_and_document_are_404_and_missing_message_is_400()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        (await FluentActions.Awaiting(() => client.GetConversationAsync("conv_unknown")).Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        (await FluentActions.Awaiting(() => client.GetNativeClient<AgentApiClient>().GetDocumentAsync("doc_unknown")).Should().ThrowAsync<SupportBotException>())
            .Which.ResponseBody.Should().Contain("not_found");
        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "v1/query", "{}", ("Authorization", "Bearer sk_live_your_key_here"));
        status.Should().Be(400);
        body.Should().Contain("invalid_request");
    }
}

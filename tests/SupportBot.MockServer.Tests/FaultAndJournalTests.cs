using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

public sealed class FaultAndJournalTests
{
    public static TheoryData<SupportBotProvider> Providers() => new(Enum.GetValues<SupportBotProvider>());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Status_fault_surfaces_as_service_unavailable_then_clears(SupportBotProvider provider)
    {
        await using var server = await Mock.StartAsync();
        var fault = server.Faults.Add(new MockFault { Provider = provider, Count = 1, StatusCode = 503, Headers = new Dictionary<string, string> { ["X-Fault"] = "yes" } });
        using var client = server.CreateClient(provider, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("How do I reset my password?")).Should().ThrowAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        fault.Remaining.Should().Be(0);

        (await client.ChatAsync("How do I reset my password?")).Text.Should().NotBeEmpty();
        server.Journal.For(provider).Select(r => r.StatusCode).Should().Equal(503, 200);
        server.Journal.For(provider)[0].Fault.Should().Be(MockFaultKind.Status);
    }

    [Theory]
    [InlineData(SupportBotProvider.AISupportBot, "\"error\":\"Service unavailable\"")]
    [InlineData(SupportBotProvider.Asyntai, "{\"success\":false,\"error\":\"AI service temporarily unavailable\"}")]
    [InlineData(SupportBotProvider.ChatSupportAI, "{\"error\":\"Service unavailable\"}")]
    [InlineData(SupportBotProvider.AskIA, "{\"error\":\"Service indisponible\"}")]
    [InlineData(SupportBotProvider.AgentApi, "\"code\":\"service_unavailable\"")]
    public async Task Ai_switched_off_is_503_in_each_providers_body_and_costs_no_quota(SupportBotProvider provider, string expected)
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(provider, Mock.NoRetries);
        long? usedBefore = client.Capabilities.GetAccount ? (await client.GetAccountAsync()).MessagesUsed : null;
        server.SetAiAvailable(provider, false);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("How do I reset my password?")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        ex.ResponseBody.Should().Contain(expected);
        if (usedBefore is not null)
        {
            (await client.GetAccountAsync()).MessagesUsed.Should().Be(usedBefore);
        }
    }

    [Fact]
    public async Task Fault_matches_provider_path_and_method_only_for_its_count()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.Asyntai, PathContains = "account", Count = 2, StatusCode = 500, Body = """{"success":false,"error":"boom"}""" });
        using var asyntai = server.CreateClient(SupportBotProvider.Asyntai, Mock.NoRetries);
        using var agent = server.CreateClient(SupportBotProvider.AgentApi, Mock.NoRetries);

        (await asyntai.ChatAsync("What are your business hours?")).Text.Should().NotBeEmpty();
        (await agent.GetAccountAsync()).MessagesUsed.Should().NotBeNull();
        for (var i = 0; i < 2; i++)
        {
            (await FluentActions.Awaiting(() => asyntai.GetAccountAsync()).Should().ThrowAsync<SupportBotException>()).Which.Details.Should().Be("boom");
        }

        (await asyntai.GetAccountAsync()).Email.Should().Be("you@example.com");
        server.Faults.Pending.Should().BeEmpty();
    }

    [Fact]
    public async Task Status_fault_with_retry_after_is_a_rate_limit()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.AgentApi, Count = 10, StatusCode = 429, Headers = new Dictionary<string, string> { ["Retry-After"] = "120" } });
        using var client = server.CreateClient(SupportBotProvider.AgentApi, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Dropped_connection_is_a_network_error()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.AskIA, Kind = MockFaultKind.DropConnection, Count = 10 });
        using var client = server.CreateClient(SupportBotProvider.AskIA, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.Network);
        server.Journal.For(SupportBotProvider.AskIA).Should().OnlyContain(r => r.StatusCode == 0 && r.Fault == MockFaultKind.DropConnection);
    }

    [Theory]
    [InlineData(SupportBotProvider.AISupportBot)]
    [InlineData(SupportBotProvider.Asyntai)]
    [InlineData(SupportBotProvider.AgentApi)]
    public async Task Malformed_body_is_an_invalid_response(SupportBotProvider provider)
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = provider, Kind = MockFaultKind.MalformedBody, Count = 10 });
        using var client = server.CreateClient(provider, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
        ex.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Html_from_a_proxy_is_an_invalid_response()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Kind = MockFaultKind.MalformedBody, Body = "<html><body>Bad gateway</body></html>", ContentType = "text/html", Count = 10 });
        using var client = server.CreateClient(SupportBotProvider.ChatSupportAI, Mock.NoRetries);

        (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task Truncated_body_is_an_invalid_response()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.ChatSupportAI, Kind = MockFaultKind.TruncatedBody, Count = 10 });
        using var client = server.CreateClient(SupportBotProvider.ChatSupportAI, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task Delay_beyond_the_timeout_is_a_timeout_and_a_short_delay_passes_through()
    {
        await using var server = await Mock.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.Asyntai, Kind = MockFaultKind.Delay, Delay = TimeSpan.FromSeconds(30), Count = 10, Method = "POST" });
        using var slow = server.CreateClient(SupportBotProvider.Asyntai, o => { Mock.NoRetries(o); o.Timeout = TimeSpan.FromMilliseconds(300); o.AttemptTimeout = TimeSpan.FromMilliseconds(300); });

        (await FluentActions.Awaiting(() => slow.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);

        server.Faults.Clear();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.Asyntai, Kind = MockFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(50) });
        using var client = server.CreateClient(SupportBotProvider.Asyntai);
        (await client.ChatAsync("What are your business hours?")).Text.Should().Contain("9 AM");
    }

    [Fact]
    public async Task Journal_records_method_path_query_masked_headers_body_and_status()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(SupportBotProvider.Asyntai);
        await client.ChatAsync("What are your business hours?", "user_123");
        await client.GetConversationAsync("user_123", 10);

        var entries = server.Journal.For(SupportBotProvider.Asyntai);
        entries.Should().HaveCount(2);
        entries[0].Method.Should().Be("POST");
        entries[0].Path.Should().Be("/asyntai/api/v1/chat/");
        entries[0].RelativePath.Should().Be("chat/");
        entries[0].Body.Should().Contain("\"session_id\":\"user_123\"");
        entries[0].Headers["Authorization"].Should().Be("Bearer YOUR***");
        entries[0].StatusCode.Should().Be(200);
        entries[1].Query.Should().Be("?session_id=user_123&limit=10");
        entries.Select(e => e.Sequence).Should().BeInAscendingOrder();
        string.Concat(server.Journal.Select(e => string.Join(",", e.Headers.Values))).Should().NotContain("YOUR_API_KEY");
    }

    [Fact]
    public async Task Reset_returns_to_the_seed_and_clears_faults_and_journal()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(SupportBotProvider.Asyntai);
        await client.ChatAsync("What are your business hours?", "user_123");
        server.Faults.Add(new MockFault { Count = 5 });
        server.SetAiAvailable(SupportBotProvider.AskIA, false);

        server.Reset();

        server.Journal.Should().BeEmpty();
        server.Faults.Pending.Should().BeEmpty();
        (await client.GetConversationAsync("user_123")).Messages.Should().HaveCount(2);
        (await client.GetAccountAsync()).MessagesUsed.Should().Be(150);
        using var askia = server.CreateClient(SupportBotProvider.AskIA);
        (await askia.ChatAsync("What are your pricing plans?")).ConversationId.Should().Be("conv_000001");
    }

    [Fact]
    public async Task Unknown_paths_are_404_in_the_provider_shape()
    {
        await using var server = await Mock.StartAsync();
        var (status, body, _) = await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Get, "v2/nothing", null, ("Authorization", "Bearer sk_live_your_key_here"));
        status.Should().Be(404);
        body.Should().Contain("not_found");
    }

    [Fact]
    public async Task The_journal_keeps_only_the_most_recent_requests_up_to_its_capacity()
    {
        await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { JournalCapacity = 3 });
        using var client = server.CreateClient(SupportBotProvider.AskIA, Mock.NoRetries);

        for (var i = 1; i <= 5; i++)
        {
            await client.ChatAsync($"question {i}: how do I reset my password?");
        }

        server.Journal.Capacity.Should().Be(3);
        server.Journal.Select(r => r.Sequence).Should().Equal(3, 4, 5);
        server.Journal.Last().Body.Should().Contain("question 5");
    }
}

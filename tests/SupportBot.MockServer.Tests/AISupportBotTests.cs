using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

public sealed class AISupportBotTests
{
    private const SupportBotProvider P = SupportBotProvider.AISupportBot;

    [Fact]
    public async Task Chat_answers_from_the_knowledge_base_with_usage()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("How do I reset my password?");

        reply.RequiresEscalation.Should().BeFalse();
        reply.Text.Should().Contain("The reset link is sent to your registered email");
        reply.Usage!.TotalTokens.Should().Be(reply.Usage.PromptTokens + reply.Usage.CompletionTokens).And.BePositive();
        reply.ConversationId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Answers_are_deterministic()
    {
        await using var a = await Mock.StartAsync();
        await using var b = await Mock.StartAsync();
        using var ca = a.CreateClient(P);
        using var cb = b.CreateClient(P);

        var ra = await ca.ChatAsync("Can I get a refund?");
        var rb = await cb.ChatAsync("Can I get a refund?");

        ra.RawJson.Should().Be(rb.RawJson);
        ra.Text.Should().Contain("refund");
    }

    [Fact]
    public async Task Unrelated_question_requires_escalation_with_an_empty_response()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("Do you sell pizza in Tokyo?");

        reply.RequiresEscalation.Should().BeTrue();
        reply.Text.Should().BeEmpty();
        reply.RawJson.Should().Contain("\"requiresEscalation\":true");
    }

    [Fact]
    public async Task UserContext_greets_by_name_and_answers_named_fields()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync(new ChatRequest("How many coins do I have?")
        {
            UserContext = new JsonObject { ["username"] = "NikolaB", ["plan"] = "pro", ["coins"] = 450 },
        });

        reply.RequiresEscalation.Should().BeFalse();
        reply.Text.Should().StartWith("Hi NikolaB!").And.Contain("Your coins: 450.");
        reply.Text.Should().NotContain("pro");
    }

    [Fact]
    public async Task Stateless_follow_up_uses_the_history_the_sdk_sends()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var first = await client.ChatAsync("How do I reset my password?");
        var second = await client.ChatAsync("And what if it expired?", first.ConversationId);

        second.RequiresEscalation.Should().BeFalse();
        second.Text.Should().Contain("expired");
        server.Journal.For(P).Last().Body.Should().Contain("\"history\"").And.Contain("How do I reset my password?");
        var transcript = await client.GetConversationAsync(first.ConversationId);
        transcript.Messages.Should().HaveCount(4);
    }

    [Fact]
    public async Task Missing_fields_are_400()
    {
        await using var server = await Mock.StartAsync();
        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat", """{"message":"hi"}""", ("X-API-Key", "ask_your_api_key"));
        status.Should().Be(400);
        body.Should().Contain("\"error\"").And.Contain("assistantId");

        (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat", """{"assistantId":"clz1abc..."}""", ("X-API-Key", "ask_your_api_key"));
        status.Should().Be(400);
        body.Should().Contain("message");
    }

    [Fact]
    public async Task UserContext_over_4KB_is_400_and_4KB_exactly_is_accepted()
    {
        await using var server = await Mock.StartAsync();
        // {"p":"…"} = 8 bytes of framing.
        var exact = """{"assistantId":"clz1abc...","message":"How do I reset my password?","userContext":{"p":"X"}}""".Replace("X", new string('x', 4096 - 8), StringComparison.Ordinal);
        var over = exact.Replace("\"p\":\"", "\"p\":\"y", StringComparison.Ordinal);

        (await server.RawAsync(P, HttpMethod.Post, "chat", exact, ("X-API-Key", "ask_your_api_key"))).Status.Should().Be(200);
        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat", over, ("X-API-Key", "ask_your_api_key"));
        status.Should().Be(400);
        body.Should().Contain("4KB");
    }

    [Fact]
    public async Task Missing_and_malformed_keys_are_401_with_the_documented_bodies()
    {
        await using var server = await Mock.StartAsync();
        const string chat = """{"assistantId":"clz1abc...","message":"hello"}""";

        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat", chat);
        status.Should().Be(401);
        body.Should().Be("""{"error":"Missing API key"}""");

        (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat", chat, ("X-API-Key", "sk_wrong_prefix"));
        status.Should().Be(401);
        body.Should().Be("""{"error":"Invalid API key","details":"API key must start with ask_"}""");
    }

    [Fact]
    public async Task Revoked_key_is_an_authentication_error()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.ApiKey = "ask_revoked_key");

        var act = () => client.ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowAsync<SupportBotAuthenticationException>()).Which;
        ex.StatusCode.Should().Be(401);
        ex.ResponseBody.Should().Be("""{"error":"Invalid API key","details":"The API key has been deleted."}""");
    }

    [Fact]
    public async Task Key_of_another_assistant_is_403()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.ApiKey = "ask_other_assistant_key");

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotAuthenticationException>()).Which;

        ex.StatusCode.Should().Be(403);
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_assistant_is_404()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.DefaultBotId = "clz_unknown");

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.ResponseBody.Should().StartWith("""{"error":"Assistant not found","details":""");
    }

    [Fact]
    public async Task Exhausted_quota_is_429_plan_limit_reached()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.ApiKey = "ask_quota_exhausted_key"; o.DefaultBotId = "clz_quota_exhausted"; });

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;

        ex.ResponseBody.Should().Be("""{"error":"Plan limit reached","details":"Upgrade to get more responses. (1000/1000)"}""");
        ex.Used.Should().Be(1000);
        ex.Limit.Should().Be(1000);
    }

    [Fact]
    public async Task Quota_drains_to_429_and_resets_next_month()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 30, 0, 0, 0, TimeSpan.Zero));
        var seed = MockSeed.Empty
            .AddKnowledgeBase("kb", new MockDocument("d1", "Passwords", "To reset your password use the reset link."))
            .AddAccount(new MockAccount { Id = "acc", Provider = P, QuotaLimit = 3 })
            .AddBot(new MockBot { Id = "asst", Provider = P, AccountId = "acc", KnowledgeBaseId = "kb" })
            .AddKey(P, "ask_k", botId: "asst");
        await using var server = await Mock.StartAsync(time, seed);
        using var client = server.CreateClient(P, Mock.NoRetries);

        for (var i = 0; i < 3; i++)
        {
            (await client.ChatAsync("reset password")).Text.Should().Contain("reset link");
        }

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("reset password")).Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.Used.Should().Be(3);
        ex.Limit.Should().Be(3);

        time.Advance(TimeSpan.FromDays(3)); // April
        (await client.ChatAsync("reset password")).Text.Should().Contain("reset link");
    }

    [Fact]
    public async Task Server_error_assistant_is_500()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.ApiKey = "ask_server_error_key"; o.DefaultBotId = "clz_server_error"; Mock.NoRetries(o); });

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.ResponseBody.Should().Be("""{"error":"Internal server error","details":"Unexpected server error. Retry after a few seconds."}""");
    }

    [Fact]
    public async Task Ai_switched_off_is_503()
    {
        await using var server = await Mock.StartAsync();
        server.SetAiAvailable(P, false);
        using var client = server.CreateClient(P, Mock.NoRetries);

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);

        server.SetAiAvailable(P, true);
        (await client.ChatAsync("How do I reset my password?")).RequiresEscalation.Should().BeFalse();
    }
}

using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.Contracts;

/// <summary>AISupportBot (document 000): <c>POST /api/chat</c>, <c>X-API-Key: ask_…</c>, 429 = monthly plan quota.</summary>
public abstract class AISupportBotContract(ContractServer server) : ContractTestBase(server)
{
    private const string Key = "ask_your_api_key";
    private const string Assistant = "clz1abc...";
    private const string ResetAnswer = "The reset link is sent to your registered email…";

    protected override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

    [Fact]
    public async Task Minimal_request_returns_the_documented_answer_and_usage()
    {
        Served("aisupportbot/chat-minimal");
        var reply = await Client(Key, Assistant).ChatAsync("How do I reset my password?");

        reply.Provider.Should().Be(SupportBotProvider.AISupportBot);
        reply.ConversationId.Should().StartWith("conv_", "AISupportBot is stateless, so the SDK mints the conversation id");
        reply.Usage.Should().NotBeNull();
        if (Verbatim)
        {
            reply.Text.Should().Be(ResetAnswer);
            reply.RequiresEscalation.Should().BeFalse();
            reply.Usage.Should().Be(new TokenUsage(312, 48, 360));
        }
    }

    [Fact]
    public async Task User_context_and_user_id_are_sent_as_documented()
    {
        Served("aisupportbot/chat-user-context");
        var userContext = JsonNode.Parse("""
            {"username":"NikolaB","plan":"pro","servers":[{"name":"MyBot","status":"offline","uptime":"98.2%"}],"coins":450,"memberSince":"2024-03-15"}
            """)!.AsObject();
        var reply = await Client(Key, Assistant).ChatAsync(new ChatRequest("Why is my bot offline?") { UserId = "discord_123456", UserContext = userContext });

        if (Verbatim)
        {
            reply.Text.Should().Be("Hi NikolaB! I can see that MyBot (Pro plan) is currently offline. Common causes include…");
            reply.Usage.Should().Be(new TokenUsage(402, 61, 463));
        }
    }

    [Fact]
    public async Task Second_turn_sends_the_conversation_history()
    {
        Served("aisupportbot/chat-minimal", "aisupportbot/chat-with-history");
        var client = Client("ask_your_key_here", Assistant);
        var first = await client.ChatAsync("How do I reset my password?");
        var second = await client.ChatAsync("I did not get the email", first.ConversationId);

        second.ConversationId.Should().Be(first.ConversationId);
        if (Verbatim)
        {
            second.Text.Should().Be("Please check your spam folder: the reset email comes from no-reply@aisupportbot.io.");
            second.Usage.Should().Be(new TokenUsage(355, 22, 377));
        }

        var transcript = await client.GetConversationAsync(first.ConversationId);
        transcript.Messages.Select(m => m.Role).Should().Equal(MessageRole.User, MessageRole.Assistant, MessageRole.User, MessageRole.Assistant);
    }

    [Fact]
    public async Task Escalation_is_surfaced()
    {
        Served("aisupportbot/chat-escalation");
        var reply = await Client(Key, Assistant).ChatAsync("Can I pay my invoice in gold bars?");

        reply.RequiresEscalation.Should().BeTrue();
        if (Verbatim)
        {
            reply.Text.Should().BeEmpty();
            reply.Usage.Should().Be(new TokenUsage(298, 0, 298));
        }
    }

    [Fact]
    public async Task Revoked_key_is_401()
    {
        Served("aisupportbot/error-401-revoked-key");
        var act = () => Client("ask_revoked_key", Assistant).ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Unauthorized);
        ex.StatusCode.Should().Be(401);
        ex.Provider.Should().Be(SupportBotProvider.AISupportBot);
        ex.Details.Should().Be("Invalid API key — The API key has been deleted.");
    }

    [Fact]
    public async Task Key_of_another_assistant_is_403()
    {
        Served("aisupportbot/error-403-key-of-another-assistant");
        var act = () => Client("ask_other_assistant_key", Assistant).ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotAuthenticationException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.Forbidden);
        ex.StatusCode.Should().Be(403);
    }

    [Fact]
    public async Task Unknown_assistant_is_404()
    {
        Served("aisupportbot/error-404-unknown-assistant");
        var act = () => Client(Key, "clz_unknown").ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.StatusCode.Should().Be(404);
        ex.Details.Should().StartWith("Assistant not found");
    }

    [Fact]
    public async Task Plan_limit_reached_is_a_quota_error_with_used_and_limit()
    {
        Served("aisupportbot/error-429-plan-limit-reached");
        var act = () => Client("ask_quota_exhausted_key", "clz_quota_exhausted").ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        ex.StatusCode.Should().Be(429);
        ex.Used.Should().Be(1000);
        ex.Limit.Should().Be(1000);
        ex.RetryAfter.Should().BeNull();
        ex.IsRetryable.Should().BeFalse();
        ex.Details.Should().Be("Plan limit reached — Upgrade to get more responses. (1000/1000)");
    }

    [Fact]
    public async Task Server_error_is_500()
    {
        Served("aisupportbot/error-500-server-error");
        var act = () => Client("ask_server_error_key", "clz_server_error").ChatAsync("How do I reset my password?");

        var ex = (await act.Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
        ex.StatusCode.Should().Be(500);
        ex.Details.Should().Be("Internal server error — Unexpected server error. Retry after a few seconds.");
    }

    [Fact]
    public async Task Documented_400_causes_are_rejected_before_sending()
    {
        // Nothing reaches the server (no Served): the SDK enforces the document's 400 rules itself.
        var tooBig = new JsonObject { ["notes"] = new string('x', 4200) };
        var withContext = () => Client(Key, Assistant).ChatAsync(new ChatRequest("Why is my bot offline?") { UserContext = tooBig });
        (await withContext.Should().ThrowExactlyAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("UserContext");

        var noAssistant = () => Client(Key).ChatAsync("How do I reset my password?");
        await noAssistant.Should().ThrowExactlyAsync<SupportBotValidationException>();

        FluentActions.Invoking(() => Client("sk_not_an_ask_key", Assistant))
            .Should().ThrowExactly<SupportBotValidationException>().Which.ParameterName.Should().Be("ApiKey");
    }
}

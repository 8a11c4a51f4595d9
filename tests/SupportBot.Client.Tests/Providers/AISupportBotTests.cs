using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

public class AISupportBotTests
{
    private const string DocResponse = """
        {"response":"The reset link is sent to your registered email…","requiresEscalation":false,
         "usage":{"prompt_tokens":312,"completion_tokens":48,"total_tokens":360}}
        """;

    [Fact]
    public async Task Minimal_request_matches_the_documented_curl_example()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson(DocResponse);

        var reply = await client.ChatAsync(new ChatRequest("How do I reset my password?"));

        var request = handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri("https://aisupportbot.io/api/chat"));
        request.Header("X-API-Key").Should().Be(TestClients.AISupportBotKey);
        request.Header("Authorization").Should().BeNull();
        request.ContentType.Should().Be("application/json; charset=utf-8");
        JsonAssert.Equal("""{"assistantId":"clz1abc...","message":"How do I reset my password?"}""", request.Body);

        reply.Text.Should().Be("The reset link is sent to your registered email…");
        reply.RequiresEscalation.Should().BeFalse();
        reply.Usage.Should().Be(new TokenUsage(312, 48, 360));
        reply.Provider.Should().Be(SupportBotProvider.AISupportBot);
        reply.ConversationId.Should().MatchRegex("^conv_[0-9a-f]{32}$");
        reply.MessageId.Should().BeNull();
        reply.RawJson.Should().Contain("\"total_tokens\":360");
    }

    [Fact]
    public async Task UserContext_userId_and_channelId_are_sent_as_documented()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson(DocResponse);
        var userContext = JsonNode.Parse("""
            {"username":"NikolaB","plan":"pro","servers":[{"name":"MyBot","status":"offline","uptime":"98.2%"}],"coins":450,"memberSince":"2024-03-15"}
            """)!.AsObject();

        await client.ChatAsync(new ChatRequest("Why is my bot offline?") { UserId = "discord_123456", ChannelId = "987654", UserContext = userContext });

        JsonAssert.Equal("""
            {"assistantId":"clz1abc...","message":"Why is my bot offline?","userId":"discord_123456","channelId":"987654",
             "userContext":{"username":"NikolaB","plan":"pro","servers":[{"name":"MyBot","status":"offline","uptime":"98.2%"}],"coins":450,"memberSince":"2024-03-15"}}
            """, handler.Single.Body);
    }

    [Fact]
    public async Task Second_turn_replays_the_first_as_history_and_keeps_the_conversation_id()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson("""{"response":"Go to Settings > Security.","requiresEscalation":false}""");
        handler.RespondJson("""{"response":"Yes, the link expires after 1 hour.","requiresEscalation":false}""");

        var first = await client.ChatAsync(new ChatRequest("How do I reset my password?"));
        var second = await client.ChatAsync(new ChatRequest("Does the link expire?") { ConversationId = first.ConversationId });

        second.ConversationId.Should().Be(first.ConversationId);
        JsonAssert.Equal("""
            {"assistantId":"clz1abc...","message":"Does the link expire?",
             "history":[{"role":"user","content":"How do I reset my password?"},{"role":"assistant","content":"Go to Settings > Security."}]}
            """, handler.Requests[1].Body);

        var transcript = await client.GetConversationAsync(first.ConversationId);
        transcript.Messages.Select(m => (m.Role, m.Content)).Should().Equal(
            (MessageRole.User, "How do I reset my password?"), (MessageRole.Assistant, "Go to Settings > Security."),
            (MessageRole.User, "Does the link expire?"), (MessageRole.Assistant, "Yes, the link expires after 1 hour."));
        (await client.GetConversationAsync(first.ConversationId, limit: 1)).Messages.Should().ContainSingle()
            .Which.Content.Should().Be("Yes, the link expires after 1 hour.");
    }

    [Fact]
    public async Task History_over_fifteen_messages_is_trimmed_to_the_most_recent_not_rejected()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson(DocResponse);
        var history = Enumerable.Range(1, 20).Select(i => new ConversationMessage(i % 2 == 1 ? MessageRole.User : MessageRole.Assistant, $"m{i}")).ToArray();

        await client.ChatAsync(new ChatRequest("next") { History = history });

        var sent = JsonNode.Parse(handler.Single.Body!)!["history"]!.AsArray();
        sent.Should().HaveCount(15);
        sent.Select(n => n!["content"]!.GetValue<string>()).Should().Equal(Enumerable.Range(6, 15).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task Stored_history_is_replayed_up_to_MaxHistoryMessages()
    {
        var store = new InMemoryConversationStore();
        await store.AppendAsync("conv_1", Enumerable.Range(1, 10).Select(i => ConversationMessage.FromUser($"q{i}")).ToArray());
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot, o => { o.ConversationStore = store; o.MaxHistoryMessages = 4; });
        handler.RespondJson(DocResponse);

        await client.ChatAsync(new ChatRequest("next") { ConversationId = "conv_1" });

        JsonNode.Parse(handler.Single.Body!)!["history"]!.AsArray().Select(n => n!["content"]!.GetValue<string>())
            .Should().Equal("q7", "q8", "q9", "q10");
        (await store.GetMessagesAsync("conv_1")).Should().HaveCount(12);
    }

    [Theory]
    [InlineData("""{"response":"","requiresEscalation":true,"usage":{"prompt_tokens":300,"completion_tokens":0,"total_tokens":300}}""")]
    [InlineData("""{"response":"","requiresEscalation":false}""")]
    [InlineData("""{"response":"Maybe.","requiresEscalation":true}""")]
    public async Task Escalation_when_the_provider_says_so_or_the_answer_is_empty(string body)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson(body);

        var reply = await client.ChatAsync(new ChatRequest("Can I get a refund for 2019?"));

        reply.RequiresEscalation.Should().BeTrue();
    }

    [Fact]
    public async Task UserContext_over_4KB_of_UTF8_is_rejected_before_sending()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        // 1400 three-byte characters: 1400 chars but 4200 UTF-8 bytes.
        var userContext = new JsonObject { ["bio"] = new string('€', 1400) };

        var act = () => client.ChatAsync(new ChatRequest("hi") { UserContext = userContext });

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("UserContext");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task UserContext_of_exactly_4096_bytes_is_accepted()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson(DocResponse);
        var overhead = """{"k":""}""".Length;
        var userContext = new JsonObject { ["k"] = new string('a', 4096 - overhead) };

        await client.ChatAsync(new ChatRequest("hi") { UserContext = userContext });

        handler.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Missing_assistant_id_is_rejected_before_sending(string? botId)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot, o => o.DefaultBotId = botId);

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("BotId");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Key_without_ask_prefix_is_rejected_at_construction_without_echoing_it()
    {
        var act = () => new SupportBotClient(new HttpClient(new RecordingHandler()), TestClients.Options(SupportBotProvider.AISupportBot, o => o.ApiKey = "sk_wrong_prefix_secret"));

        var ex = act.Should().Throw<SupportBotValidationException>().Which;
        ex.ParameterName.Should().Be("ApiKey");
        ex.Message.Should().Contain("ask_").And.NotContain("sk_wrong_prefix_secret");
    }

    [Fact]
    public async Task Quota_429_is_QuotaExceeded_with_used_and_limit()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.Respond((HttpStatusCode)429, """{"error":"Plan limit reached","details":"Upgrade to get more responses. (1000/1000)"}""");

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        var ex = (await act.Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        ex.StatusCode.Should().Be(429);
        ex.Used.Should().Be(1000);
        ex.Limit.Should().Be(1000);
        ex.IsRetryable.Should().BeFalse();
        ex.Details.Should().Be("Plan limit reached — Upgrade to get more responses. (1000/1000)");
        ex.Provider.Should().Be(SupportBotProvider.AISupportBot);
        ex.Operation.Should().Be("Chat");
    }

    [Theory]
    [InlineData(400, """{"error":"Missing required fields","details":"assistantId is required"}""", typeof(SupportBotException), SupportBotErrorCode.InvalidRequest)]
    [InlineData(401, """{"error":"Invalid API key","details":"API key must start with ask_"}""", typeof(SupportBotAuthenticationException), SupportBotErrorCode.Unauthorized)]
    [InlineData(403, """{"error":"Forbidden","details":"The API key does not belong to this assistant"}""", typeof(SupportBotAuthenticationException), SupportBotErrorCode.Forbidden)]
    [InlineData(404, """{"error":"Assistant not found"}""", typeof(SupportBotException), SupportBotErrorCode.NotFound)]
    [InlineData(500, """{"error":"Internal server error"}""", typeof(SupportBotException), SupportBotErrorCode.ServerError)]
    public async Task Documented_error_statuses_map_to_typed_errors(int status, string body, Type type, SupportBotErrorCode code)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.Respond((HttpStatusCode)status, body);

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.Should().BeOfType(type);
        ex.ErrorCode.Should().Be(code);
        ex.StatusCode.Should().Be(status);
        ex.ResponseBody.Should().Be(body);
        ex.Details.Should().StartWith(JsonNode.Parse(body)!["error"]!.GetValue<string>());
    }
}

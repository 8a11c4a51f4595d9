using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SupportBot.MockServer;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace SupportBot.Client.Extensions.Tests.ChatClient.Wire;

/// <summary>
/// The IChatClient contract on the wire, for every provider, over the reference mock server: what the adapter accepts is in the
/// request the server journaled, and what it refuses left no request at all (the journal did not grow).
/// </summary>
public sealed class ChatClientWireTests : IAsyncLifetime
{
    private const string Question = "How do I reset my password?";
    private const string FollowUp = "And what if it expired?";

    private SupportBotMockServer _server = null!;

    public static TheoryData<SupportBotProvider> Providers => [.. Enum.GetValues<SupportBotProvider>()];

    /// <summary>The providers that keep the conversation server-side (history cannot go on the wire).</summary>
    public static TheoryData<SupportBotProvider> ServerSideProviders => [.. Enum.GetValues<SupportBotProvider>().Where(p => !ProviderCapabilities.For(p).History)];

    public static TheoryData<SupportBotProvider> NoInstructionProviders => [.. Enum.GetValues<SupportBotProvider>().Where(p => !ProviderCapabilities.For(p).Instructions)];

    public async Task InitializeAsync() => _server = await SupportBotMockServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // ---- tools, response format, attachments: refused before anything is sent ----

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Tools_are_refused_in_any_mode_that_may_call_them_and_nothing_is_sent(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var tool = AIFunctionFactory.Create(() => "42", "get_order_status");

        foreach (var mode in new ChatToolMode?[] { null, ChatToolMode.Auto, ChatToolMode.RequireAny, ChatToolMode.RequireSpecific("get_order_status") })
        {
            var before = _server.Journal.Count;
            var act = () => chat.GetResponseAsync(Question, new ChatOptions { Tools = [tool], ToolMode = mode });

            var ex = (await act.Should().ThrowAsync<NotSupportedException>()).Which;
            ex.Message.Should().StartWith($"{provider} cannot receive tools (get_order_status; ToolMode ")
                .And.Contain("nothing was sent").And.Contain("remove ChatOptions.Tools");
            _server.Journal.Count.Should().Be(before, "a refused request sends nothing");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Tools_with_ToolMode_None_are_not_called_and_the_question_is_delivered(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();

        await chat.GetResponseAsync(Question, new ChatOptions { Tools = [AIFunctionFactory.Create(() => "42", "lookup")], ToolMode = ChatToolMode.None });

        LastBody(provider)["message"]!.GetValue<string>().Should().Be(Question);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_JSON_response_format_is_refused_before_sending(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();

        foreach (var format in new[] { ChatResponseFormat.Json, ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement, "Order") })
        {
            var before = _server.Journal.Count;
            var act = () => chat.GetResponseAsync(Question, new ChatOptions { ResponseFormat = format });
            (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().StartWith($"{provider} cannot receive a JSON response format")
                .And.Contain("plain text");
            _server.Journal.Count.Should().Be(before);
        }

        await chat.GetResponseAsync(Question, new ChatOptions { ResponseFormat = ChatResponseFormat.Text });
        LastBody(provider)["message"]!.GetValue<string>().Should().Be(Question);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Images_files_and_links_next_to_text_are_refused_before_sending(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var cases = new (AIContent Content, string Described)[]
        {
            (new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png"), "an image/png attachment"),
            (new DataContent(new byte[] { 0x25, 0x50, 0x44, 0x46 }, "application/pdf"), "an application/pdf attachment"),
            (new UriContent(new Uri("https://files.example/receipt.jpg"), "image/jpeg"), "a link to image/jpeg content"),
        };

        foreach (var (content, described) in cases)
        {
            var before = _server.Journal.Count;
            var message = new AIChatMessage(AIChatRole.User, [new TextContent("Why was I charged twice?"), content]);
            var act = () => chat.GetResponseAsync([message]);
            (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should()
                .Be($"{provider} cannot receive {described} (message 1); nothing was sent. The bots take text only: describe the attachment in words, or put a link to it in the message text. " +
                    "(SupportBotChatClientOptions.DropUnsupportedInput = true drops such parts instead, logged and listed in the response.)");
            _server.Journal.Count.Should().Be(before);
        }

        var imageOnly = () => chat.GetResponseAsync([new AIChatMessage(AIChatRole.User, [new DataContent(new byte[] { 1 }, "image/png")])]);
        await imageOnly.Should().ThrowAsync<NotSupportedException>();
    }

    // ---- system messages and instructions ----

    [Fact]
    public async Task AISupportBot_receives_system_messages_and_Instructions_as_userContext_instructions_beside_the_callers_own_context()
    {
        using var client = _server.CreateClient(SupportBotProvider.AISupportBot);
        using var chat = client.AsChatClient();

        await chat.GetResponseAsync(
            [new AIChatMessage(AIChatRole.System, "Answer in one sentence."), new AIChatMessage(AIChatRole.User, Question)],
            new ChatOptions { Instructions = "You are Acme's support bot." });

        var body = LastBody(SupportBotProvider.AISupportBot);
        body["userContext"]!.ToJsonString().Should().Be("""{"instructions":"You are Acme\u0027s support bot.\n\nAnswer in one sentence."}""");
        body["message"]!.GetValue<string>().Should().Be(Question);
        body["history"].Should().BeNull("the system message is instructions, not history");
    }

    [Fact]
    public async Task ChatSupportAI_receives_instructions_as_a_company_rules_policy()
    {
        using var client = _server.CreateClient(SupportBotProvider.ChatSupportAI);
        using var chat = client.AsChatClient();

        await chat.GetResponseAsync([new AIChatMessage(AIChatRole.System, "Never promise refunds."), new AIChatMessage(AIChatRole.User, Question)]);

        LastBody(SupportBotProvider.ChatSupportAI)["context"]!.ToJsonString().Should().Be(
            """{"rules":{"policies":[{"title":"Instructions","content":"Never promise refunds."}]}}""");
    }

    [Theory]
    [MemberData(nameof(NoInstructionProviders))]
    public async Task Providers_without_a_field_for_instructions_refuse_them_before_sending(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var before = _server.Journal.Count;

        var system = () => chat.GetResponseAsync([new AIChatMessage(AIChatRole.System, "Be brief."), new AIChatMessage(AIChatRole.User, Question)]);
        (await system.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should()
            .StartWith($"{provider} cannot receive instructions (1 system message); nothing was sent.").And.Contain("dashboard");

        var options = () => chat.GetResponseAsync(Question, new ChatOptions { Instructions = "Be brief." });
        (await options.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should()
            .StartWith($"{provider} cannot receive instructions (ChatOptions.Instructions, 0 system messages)");

        _server.Journal.Count.Should().Be(before);
    }

    [Theory]
    [InlineData(SupportBotProvider.AISupportBot)]
    [InlineData(SupportBotProvider.ChatSupportAI)]
    public async Task A_system_message_after_the_last_user_message_is_delivered_as_instructions(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();

        // SummarizingChatReducer's shape: the summary arrives as a system message after the conversation.
        await chat.GetResponseAsync([new AIChatMessage(AIChatRole.User, Question), new AIChatMessage(AIChatRole.System, "Summary: the user is locked out.")]);

        var body = LastBody(provider);
        body["message"]!.GetValue<string>().Should().Be(Question);
        body.ToJsonString().Should().Contain("Summary: the user is locked out.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_assistant_or_tool_message_after_the_last_user_message_is_refused_before_sending(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var before = _server.Journal.Count;

        var act = () => chat.GetResponseAsync([new AIChatMessage(AIChatRole.User, Question), new AIChatMessage(AIChatRole.Assistant, "Let me check.")]);
        (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should()
            .StartWith($"{provider} cannot receive the assistant message after the last user message (message 2); nothing was sent.");

        var tool = () => chat.GetResponseAsync([new AIChatMessage(AIChatRole.User, Question), new AIChatMessage(AIChatRole.Tool, "{}")]);
        (await tool.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("a message with role 'tool' (message 2)");

        _server.Journal.Count.Should().Be(before);
    }

    // ---- stateless callers keep their conversation ----

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_stateless_three_turn_loop_keeps_its_server_conversation(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        List<AIChatMessage> history = [new(AIChatRole.User, Question)];

        var first = await chat.GetResponseAsync(history);
        history.AddMessages(first);
        history.Add(new(AIChatRole.User, FollowUp));
        var second = await chat.GetResponseAsync(history);
        history.AddMessages(second);
        history.Add(new(AIChatRole.User, "Thanks, and how long is the link valid?"));
        var third = await chat.GetResponseAsync(history);

        second.ConversationId.Should().Be(first.ConversationId);
        third.ConversationId.Should().Be(first.ConversationId);
        second.FinishReason.Should().Be(ChatFinishReason.Stop, "the follow-up is answered in the context of the first question");
        second.Text.Should().Contain("expired");
        AssertContinuedOnTheWire(provider, first.ConversationId!, turns: 3);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_stateless_loop_through_a_cached_logged_traced_pipeline_keeps_its_conversation_across_a_JSON_round_trip(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        var cache = new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));
        using var chat = new ChatClientBuilder(client.AsChatClient())
            .UseDistributedCache(cache)
            .UseLogging(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .UseOpenTelemetry(sourceName: "tests")
            .Build();
        var options = new ChatOptions { AdditionalProperties = new() { [SupportBotChatClient.UserIdKey] = "user-7" } };
        List<AIChatMessage> transcript = [new(AIChatRole.User, Question)];

        var first = await chat.GetResponseAsync(transcript, options);
        transcript.AddMessages(first);

        // The app stores the transcript as JSON between requests, as a web app does.
        var json = System.Text.Json.JsonSerializer.Serialize(transcript, AIJsonUtilities.DefaultOptions);
        transcript = System.Text.Json.JsonSerializer.Deserialize<List<AIChatMessage>>(json, AIJsonUtilities.DefaultOptions)!;
        transcript.Add(new(AIChatRole.User, FollowUp));
        var second = await chat.GetResponseAsync(transcript, options);
        transcript.AddMessages(second);
        transcript.Add(new(AIChatRole.User, "Thanks, and how long is the link valid?"));
        var third = await chat.GetResponseAsync(transcript, options);

        new[] { second.ConversationId, third.ConversationId }.Should().AllBe(first.ConversationId);
        second.Text.Should().Contain("expired");
        AssertContinuedOnTheWire(provider, first.ConversationId!, turns: 3);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_transcript_re_sent_as_plain_role_and_text_continues_by_its_fingerprint(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();

        var first = await chat.GetResponseAsync(Question);

        // A web front end that keeps only role and text: no conversation id travels with the transcript.
        var second = await chat.GetResponseAsync(
            FollowUpAfter(first.Text));

        second.ConversationId.Should().Be(first.ConversationId);
        second.Text.Should().Contain("expired");
        AssertContinuedOnTheWire(provider, first.ConversationId!, turns: 2);
    }

    [Theory]
    [MemberData(nameof(ServerSideProviders))]
    public async Task A_transcript_this_client_never_answered_is_refused_before_sending(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var before = _server.Journal.Count;

        var act = () => chat.GetResponseAsync(FollowUpAfter("Go to Settings."));

        var ex = (await act.Should().ThrowAsync<NotSupportedException>()).Which;
        ex.Message.Should().StartWith($"{provider} keeps conversations server-side and cannot receive a history (2 messages), and this transcript does not continue a conversation this client answered")
            .And.Contain("Nothing was sent").And.Contain("ConversationId").And.Contain("UnrecognizedHistory = StartNewConversation");
        ex.InnerException.Should().BeOfType<SupportBotNotSupportedException>().Which.Operation.Should().Be("History");
        _server.Journal.Count.Should().Be(before);
    }

    [Fact]
    public async Task AISupportBot_replays_a_transcript_it_never_answered_as_history()
    {
        using var client = _server.CreateClient(SupportBotProvider.AISupportBot);
        using var chat = client.AsChatClient();

        var reply = await chat.GetResponseAsync(FollowUpAfter("Go to Settings."));

        LastBody(SupportBotProvider.AISupportBot)["history"]!.ToJsonString().Should().Be(
            """[{"role":"user","content":"How do I reset my password?"},{"role":"assistant","content":"Go to Settings."}]""");
        reply.Text.Should().Contain("expired");
    }

    [Theory]
    [MemberData(nameof(ServerSideProviders))]
    public async Task Dropping_knowingly_starts_a_new_conversation_and_lists_the_history_as_not_delivered(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var chat = Lenient(client, factory);

        var reply = await chat.GetResponseAsync(FollowUpAfter("Go to Settings."));

        reply.AdditionalProperties![SupportBotChatClient.NotDeliveredKey].Should().BeEquivalentTo(new[] { "history (2 messages)" });
        LastBody(provider)["message"]!.GetValue<string>().Should().Be(FollowUp);
        logs.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning).Which.Message.Should()
            .Be($"{provider} did not receive part of the chat input (DropUnsupportedInput): history (2 messages)");
    }

    [Theory]
    [MemberData(nameof(ServerSideProviders))]
    public async Task Two_instances_sharing_one_store_continue_each_others_stateless_conversations(SupportBotProvider provider)
    {
        var store = new InMemoryConversationStore();
        using var a = _server.CreateClient(provider, o => o.ConversationStore = store);
        using var b = _server.CreateClient(provider, o => o.ConversationStore = store);

        var first = await a.AsChatClient().GetResponseAsync(Question);
        var second = await b.AsChatClient().GetResponseAsync(FollowUpAfter(first.Text));

        second.ConversationId.Should().Be(first.ConversationId);
        AssertContinuedOnTheWire(provider, first.ConversationId!, turns: 2);
    }

    [Theory]
    [MemberData(nameof(ServerSideProviders))]
    public async Task Two_conversations_identical_so_far_are_never_cross_wired(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();

        var one = await chat.GetResponseAsync(Question);
        var two = await chat.GetResponseAsync(Question);
        one.ConversationId.Should().NotBe(two.ConversationId);
        one.Text.Should().Be(two.Text, "the premise: two users asked the same and got the same answer");

        var act = () => chat.GetResponseAsync(FollowUpAfter(one.Text));
        (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("matches more than one conversation this client answered");

        // With the user's id the two are told apart.
        var withUser = new ChatOptions { AdditionalProperties = new() { [SupportBotChatClient.UserIdKey] = "user-1" } };
        var mine = await chat.GetResponseAsync(Question, withUser);
        await chat.GetResponseAsync(Question, new ChatOptions { AdditionalProperties = new() { [SupportBotChatClient.UserIdKey] = "user-2" } });
        var next = await chat.GetResponseAsync(FollowUpAfter(mine.Text), withUser);
        next.ConversationId.Should().Be(mine.ConversationId);
    }

    // ---- escalation, model id, sampling options ----

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Escalation_ends_with_the_escalation_finish_reason_streaming_too(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        const string Unanswerable = "Quantum flux capacitor warranty on Mars?";

        var response = await chat.GetResponseAsync(Unanswerable);
        var updates = await chat.GetStreamingResponseAsync(Unanswerable).ToListAsync();

        response.FinishReason.Should().Be(SupportBotChatClient.EscalationFinishReason);
        response.FinishReason!.Value.Value.Should().Be("escalation");
        response.AdditionalProperties![SupportBotChatClient.RequiresEscalationKey].Should().Be(true);
        updates.Should().ContainSingle().Which.FinishReason.Should().Be(SupportBotChatClient.EscalationFinishReason);
        (await chat.GetResponseAsync(Question)).FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ModelId_selects_the_bot_and_the_metadata_and_response_report_it(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        using var chat = client.AsChatClient();
        var metadata = chat.GetService<ChatClientMetadata>()!;

        if (!client.Capabilities.BotSelection)
        {
            metadata.DefaultModelId.Should().BeNull();
            var before = _server.Journal.Count;
            var act = () => chat.GetResponseAsync(Question, new ChatOptions { ModelId = "bot-2" });
            (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().StartWith($"{provider} cannot receive a bot id ('bot-2', from ChatOptions.ModelId)");
            _server.Journal.Count.Should().Be(before);
            return;
        }

        metadata.DefaultModelId.Should().Be(client.DefaultBotId).And.NotBeNullOrEmpty();
        var response = await chat.GetResponseAsync(Question, new ChatOptions { ModelId = client.DefaultBotId });
        response.ModelId.Should().Be(client.DefaultBotId);
        var body = LastBody(provider);
        var sent = body["assistantId"] ?? body["website_id"] ?? body["widgetId"] ?? body["botId"];
        sent!.ToString().Should().Be(client.DefaultBotId);

        var conflicting = () => chat.GetResponseAsync(Question, new ChatOptions { ModelId = "a", AdditionalProperties = new() { [SupportBotChatClient.BotIdKey] = "b" } });
        await conflicting.Should().ThrowAsync<ArgumentException>().WithMessage("*ModelId 'a'*'b' name different bots*");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sampling_options_do_not_change_the_wire(SupportBotProvider provider)
    {
        // Each on a fresh client: the same first turn, once plain and once with every sampling option set.
        using (var client = _server.CreateClient(provider))
        {
            await client.AsChatClient().GetResponseAsync(Question);
        }

        var plain = WithoutConversation(LastBody(provider));
        using (var client = _server.CreateClient(provider))
        {
            await client.AsChatClient().GetResponseAsync(Question, new ChatOptions
            {
                Temperature = 0.1f, TopP = 0.5f, TopK = 3, MaxOutputTokens = 50, FrequencyPenalty = 1, PresencePenalty = 1, Seed = 7,
                StopSequences = ["\n"], AllowMultipleToolCalls = false, AllowBackgroundResponses = true,
            });
        }

        WithoutConversation(LastBody(provider)).Should().Be(plain).And.Contain(Question);
    }

    [Fact]
    public async Task A_misspelt_request_option_is_refused_naming_the_valid_ones()
    {
        using var client = _server.CreateClient(SupportBotProvider.AskIA);
        using var chat = client.AsChatClient();

        var act = () => chat.GetResponseAsync(Question, new ChatOptions { AdditionalProperties = new() { ["supportbot.userid"] = "u1", ["other.library"] = 1 } });

        await act.Should().ThrowAsync<ArgumentException>()
            .WithMessage("Unknown request option(s) 'supportbot.userid' in ChatOptions.AdditionalProperties; the options are 'supportbot.bot_id', 'supportbot.user_id', 'supportbot.channel_id'.*");
    }

    [Theory]
    [MemberData(nameof(NoInstructionProviders))]
    public async Task Lenient_mode_drops_logs_and_lists_every_part_it_could_not_deliver(SupportBotProvider provider)
    {
        using var client = _server.CreateClient(provider);
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var chat = Lenient(client, factory);

        var response = await chat.GetResponseAsync(
            [
                new AIChatMessage(AIChatRole.System, "Be brief."),
                new AIChatMessage(AIChatRole.User, [new TextContent(Question), new DataContent(new byte[] { 1 }, "image/png")]),
            ],
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "lookup")] });

        var dropped = new[] { "tools (lookup; ToolMode auto)", "an image/png attachment (message 2)", "instructions (1 system message)" };
        response.AdditionalProperties![SupportBotChatClient.NotDeliveredKey].Should().BeEquivalentTo(dropped, o => o.WithStrictOrdering());
        LastBody(provider)["message"]!.GetValue<string>().Should().Be(Question);
        logs.GetSnapshot().Should().ContainSingle().Which.Message.Should().Be(
            $"{provider} did not receive part of the chat input (DropUnsupportedInput): {string.Join("; ", dropped)}");
        logs.GetSnapshot().Single().Message.Should().NotContain("Be brief").And.NotContain(Question);
    }

    /// <summary>The stateless follow-up transcript: the question, the answer the caller kept, the follow-up.</summary>
    private static List<AIChatMessage> FollowUpAfter(string answer) =>
        [new(AIChatRole.User, Question), new(AIChatRole.Assistant, answer), new(AIChatRole.User, FollowUp)];

    private static IChatClient Lenient(ISupportBotClient client, ILoggerFactory logs) =>
        client.AsChatClient(new SupportBotChatClientOptions { DropUnsupportedInput = true, LoggerFactory = logs });

    private JsonObject LastBody(SupportBotProvider provider) =>
        JsonNode.Parse(_server.Journal.For(provider).Last(r => r.Method == "POST").Body)!.AsObject();

    /// <summary>The body without the session id the SDK mints for a new conversation (it differs on every call).</summary>
    private static string WithoutConversation(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("session_id");
        copy.Remove("sessionId");
        return copy.ToJsonString();
    }

    /// <summary>Each turn after the first continued <paramref name="conversationId"/> on the wire (AISupportBot: with the whole history).</summary>
    private void AssertContinuedOnTheWire(SupportBotProvider provider, string conversationId, int turns)
    {
        var posts = _server.Journal.For(provider).Where(r => r.Method == "POST").TakeLast(turns).Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        posts.Should().HaveCount(turns);
        for (var i = 1; i < turns; i++)
        {
            var body = posts[i];
            if (ProviderCapabilities.For(provider).History)
            {
                body["history"]!.AsArray().Should().HaveCount(2 * i, $"turn {i + 1} replays every earlier turn");
                body["history"]![0]!["content"]!.GetValue<string>().Should().Be(Question);
                continue;
            }

            var sent = body["session_id"] ?? body["sessionId"] ?? body["conversationId"] ?? body["conversation_id"];
            sent!.GetValue<string>().Should().Be(conversationId, $"turn {i + 1} continues the server conversation");
        }
    }
}

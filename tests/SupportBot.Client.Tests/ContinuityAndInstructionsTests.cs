using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests;

/// <summary>
/// The core's side of "nothing the caller sends is lost": <see cref="ChatRequest.Instructions"/> is delivered where a provider documents
/// caller context and refused elsewhere; a <see cref="ChatRequest.History"/> without a conversation id continues the conversation it
/// belongs to, or is refused (or, knowingly, left out and reported) — never silently dropped.
/// </summary>
public sealed class ContinuityAndInstructionsTests
{
    private const string AsyntaiReply = """{"success":true,"response":"Go to Settings.","session_id":"s-1"}""";

    [Fact]
    public async Task AISupportBot_instructions_join_the_callers_userContext_without_changing_it()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);
        handler.RespondJson("""{"response":"ok"}""");
        var context = new JsonObject { ["plan"] = "pro" };

        await client.ChatAsync(new ChatRequest("hi") { Instructions = "Answer briefly.", UserContext = context });

        JsonNode.Parse(handler.Single.Body!)!["userContext"]!.ToJsonString().Should().Be("""{"plan":"pro","instructions":"Answer briefly."}""");
        context.ToJsonString().Should().Be("""{"plan":"pro"}""", "the caller's object is not changed");
    }

    [Fact]
    public async Task AISupportBot_refuses_instructions_beside_a_userContext_that_has_its_own_instructions_member()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);

        var act = () => client.ChatAsync(new ChatRequest("hi") { Instructions = "A", UserContext = new JsonObject { ["instructions"] = "B" } });

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("Instructions");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task AISupportBot_instructions_count_toward_the_4_KB_userContext_limit()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AISupportBot);

        var act = () => client.ChatAsync(new ChatRequest("hi") { Instructions = new string('x', 4100) });

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.Message.Should().Contain("at most 4096 bytes");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ChatSupportAI_instructions_are_one_more_policy_after_the_callers_rules()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.ChatSupportAI);
        handler.RespondJson("""{"id":"r1","message":"ok"}""");

        await client.ChatAsync(new ChatRequest("hi")
        {
            Instructions = "Never promise refunds.",
            Rules = new CompanyRules { CompanyName = "Acme", Policies = [new CompanyPolicy("Returns", "30 days")] },
        });

        JsonNode.Parse(handler.Single.Body!)!["context"]!.ToJsonString().Should().Be(
            """{"rules":{"companyName":"Acme","policies":[{"title":"Returns","content":"30 days"},{"title":"Instructions","content":"Never promise refunds."}]}}""");
    }

    [Theory]
    [InlineData(SupportBotProvider.Asyntai)]
    [InlineData(SupportBotProvider.AskIA)]
    [InlineData(SupportBotProvider.AgentApi)]
    public async Task Providers_without_a_field_for_instructions_refuse_them_before_sending(SupportBotProvider provider)
    {
        var (client, handler) = TestClients.Create(provider);
        ProviderCapabilities.For(provider).Instructions.Should().BeFalse();

        var act = () => client.ChatAsync(new ChatRequest("hi") { Instructions = "Be brief." });

        var ex = (await act.Should().ThrowAsync<SupportBotNotSupportedException>()).Which;
        ex.Operation.Should().Be("Instructions");
        ex.Provider.Should().Be(provider);
        ex.Message.Should().StartWith($"{provider} documents no field for caller-supplied instructions, so they cannot be delivered; nothing was sent.");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_history_the_client_answered_continues_its_conversation_without_the_id()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson(AsyntaiReply).RespondJson(AsyntaiReply);

        var first = await client.ChatAsync(new ChatRequest("How do I reset my password?"));
        await client.ChatAsync(new ChatRequest("And if it expired?")
        {
            History = [ConversationMessage.FromUser("How do I reset my password?"), ConversationMessage.FromAssistant("Go to Settings.")],
        });

        JsonNode.Parse(handler.Requests[1].Body!)!["session_id"]!.GetValue<string>().Should().Be(first.ConversationId).And.Be("s-1");
    }

    [Fact]
    public async Task A_history_the_client_never_answered_is_refused_by_default_and_nothing_is_sent()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);

        var act = () => client.ChatAsync(new ChatRequest("And if it expired?") { History = [ConversationMessage.FromUser("Hello")] });

        var ex = (await act.Should().ThrowAsync<SupportBotNotSupportedException>()).Which;
        ex.Operation.Should().Be("History");
        ex.Message.Should().Contain("cannot receive a history (1 message)").And.Contain("Nothing was sent");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task StartNewConversation_leaves_the_history_out_knowingly_reports_it_and_logs_a_warning()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai, o =>
        {
            o.UnrecognizedHistory = UnrecognizedHistoryHandling.StartNewConversation;
            o.LoggerFactory = factory;
        });
        handler.RespondJson(AsyntaiReply);

        var reply = await client.ChatAsync(new ChatRequest("And if it expired?") { History = [ConversationMessage.FromUser("Hello"), ConversationMessage.FromAssistant("Hi")] });

        reply.NotDelivered.Should().Equal("history (2 messages)");
        JsonNode.Parse(handler.Single.Body!)!["message"]!.GetValue<string>().Should().Be("And if it expired?");
        logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1007).Which.Level.Should().Be(LogLevel.Warning);
        logs.GetSnapshot().Select(r => r.Message).Should().NotContain(m => m.Contains("Hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_store_keeps_fingerprints_of_the_transcripts_not_their_text()
    {
        var store = new InMemoryConversationStore();
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai, o => o.ConversationStore = store);
        handler.RespondJson(AsyntaiReply);

        await client.ChatAsync(new ChatRequest("How do I reset my password?"));

        store.Count.Should().Be(1);
        var key = typeof(InMemoryConversationStore).GetField("_index", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(store)!.As<System.Collections.IDictionary>().Keys.Cast<string>().Single();
        key.Should().MatchRegex("^supportbot:transcript:[0-9A-F]{64}$");
        (await store.GetMessagesAsync(key)).Should().ContainSingle().Which.Content.Should().Be("s-1");
    }

    [Fact]
    public async Task A_caller_that_passes_the_conversation_id_back_adds_nothing_to_the_store()
    {
        var store = new InMemoryConversationStore();
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai, o => o.ConversationStore = store);
        handler.RespondJson(AsyntaiReply);

        await client.ChatAsync(new ChatRequest("Next question") { ConversationId = "s-1" });

        store.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_store_that_fails_to_remember_does_not_lose_the_reply()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai, o =>
        {
            o.ConversationStore = new FailingStore();
            o.LoggerFactory = factory;
        });
        handler.RespondJson(AsyntaiReply);

        var reply = await client.ChatAsync(new ChatRequest("How do I reset my password?"));

        reply.Text.Should().Be("Go to Settings.");
        logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1008).Which.Message.Should().Contain("InvalidOperationException");
    }

    [Fact]
    public void Capabilities_say_where_instructions_history_and_bot_ids_go()
    {
        Enum.GetValues<SupportBotProvider>().Select(p => (p, ProviderCapabilities.For(p))).Select(x => $"{x.p}: {x.Item2.Instructions} {x.Item2.History} {x.Item2.BotSelection}")
            .Should().Equal(
                "AISupportBot: True True True",
                "Asyntai: False False True",
                "ChatSupportAI: True False True",
                "AskIA: False False True",
                "AgentApi: False False False");
    }

    [Fact]
    public void An_undefined_UnrecognizedHistory_value_is_an_option_error_naming_the_valid_ones()
    {
        var options = TestClients.Options(SupportBotProvider.Asyntai, o => o.UnrecognizedHistory = (UnrecognizedHistoryHandling)7);

        options.Validate().Should().ContainSingle().Which.Should().Be("UnrecognizedHistory: '7' is not one of Refuse, StartNewConversation.");
    }

    [Fact]
    public void Instructions_are_masked_in_ToString()
    {
        new ChatRequest("hi") { Instructions = "secret plan" }.ToString().Should().Contain("Instructions = ***").And.NotContain("secret plan");
    }

    private sealed class FailingStore : IConversationStore
    {
        public ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) => new([]);

        public ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");

        public ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default) => default;
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using SupportBot.Client.Extensions.Tests.Infrastructure;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace SupportBot.Client.Extensions.Tests.ChatClient;

public sealed class SupportBotChatClientTests
{
    private const string AgentAnswer = """
        {"answer":"Go to Settings > Password.","conversation_id":"conv-9","message_id":"msg-3","confidence":0.31,
         "sources":[{"document_id":"doc-1","title":"Passwords","excerpt":"Reset from Settings"}]}
        """;

    private const string AISupportBotAnswer = """{"response":"Hi Ana","requiresEscalation":true,"usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16}}""";

    [Fact]
    public async Task Maps_reply_usage_escalation_and_sources()
    {
        using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
        h.Stub.ThenRespond(200, AISupportBotAnswer);
        using var client = h.CreateClient();
        using var chat = client.AsChatClient();

        var response = await chat.GetResponseAsync([new AIChatMessage(AIChatRole.User, "Hello")]);

        response.Text.Should().Be("Hi Ana");
        response.Messages.Should().ContainSingle().Which.Role.Should().Be(AIChatRole.Assistant);
        response.ConversationId.Should().NotBeNullOrEmpty();
        response.Usage!.InputTokenCount.Should().Be(11);
        response.Usage.OutputTokenCount.Should().Be(5);
        response.Usage.TotalTokenCount.Should().Be(16);
        response.AdditionalProperties![SupportBotChatClient.RequiresEscalationKey].Should().Be(true);
        response.AdditionalProperties[SupportBotChatClient.ProviderKey].Should().Be(SupportBotProvider.AISupportBot);
        response.RawRepresentation.Should().BeOfType<ChatReply>();
    }

    [Fact]
    public async Task Conversation_id_goes_out_and_sources_come_back()
    {
        using var h = new ResilienceHarness();
        string? sent = null;
        h.Stub.Then(async (req, ct) =>
        {
            sent = await req.Content!.ReadAsStringAsync(ct);
            return StubHandler.Response(System.Net.HttpStatusCode.OK, AgentAnswer);
        });
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        var response = await chat.GetResponseAsync("How do I reset my password?", new ChatOptions { ConversationId = "conv-9" });

        JsonNode.Parse(sent!)!["conversation_id"]!.GetValue<string>().Should().Be("conv-9");
        JsonNode.Parse(sent!)!["message"]!.GetValue<string>().Should().Be("How do I reset my password?");
        response.ConversationId.Should().Be("conv-9");
        response.ResponseId.Should().Be("msg-3");
        response.AdditionalProperties![SupportBotChatClient.SourcesKey].Should().BeAssignableTo<IReadOnlyList<SourceReference>>()
            .Which.Should().ContainSingle().Which.DocumentId.Should().Be("doc-1");
        response.AdditionalProperties[SupportBotChatClient.ConfidenceKey].Should().Be(0.31);
        response.AdditionalProperties[SupportBotChatClient.RequiresEscalationKey].Should().Be(true, "confidence is below the 0.5 threshold");
    }

    [Fact]
    public async Task Earlier_messages_become_history_and_the_last_user_message_is_sent()
    {
        using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
        string? sent = null;
        h.Stub.Then(async (req, ct) =>
        {
            sent = await req.Content!.ReadAsStringAsync(ct);
            return StubHandler.Response(System.Net.HttpStatusCode.OK, AISupportBotAnswer);
        });
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        await chat.GetResponseAsync(
        [
            new AIChatMessage(AIChatRole.User, "My name is Ana"),
            new AIChatMessage(AIChatRole.Assistant, "Hello Ana"),
            new AIChatMessage(AIChatRole.User, "What is my name?"),
        ]);

        var body = JsonNode.Parse(sent!)!;
        body["message"]!.GetValue<string>().Should().Be("What is my name?");
        var history = body["history"]!.AsArray();
        history.Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user", "assistant");
        history.Select(m => m!["content"]!.GetValue<string>()).Should().Equal("My name is Ana", "Hello Ana");
    }

    [Fact]
    public async Task Streaming_returns_the_reply_as_one_update()
    {
        using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
        h.Stub.ThenRespond(200, AISupportBotAnswer);
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("Hello"))
        {
            updates.Add(update);
        }

        var single = updates.Should().ContainSingle().Subject;
        single.Text.Should().Be("Hi Ana");
        single.Role.Should().Be(AIChatRole.Assistant);
        single.Contents.OfType<UsageContent>().Should().ContainSingle().Which.Details.TotalTokenCount.Should().Be(16);
        updates.ToChatResponse().Text.Should().Be("Hi Ana");
    }

    [Fact]
    public void Metadata_and_services()
    {
        using var h = new ResilienceHarness();
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        chat.GetService<ChatClientMetadata>()!.ProviderName.Should().Be("supportbot.agentapi");
        chat.GetService<ChatClientMetadata>()!.ProviderUri.Should().Be(new Uri("https://agent.example/"));
        chat.GetService<ISupportBotClient>().Should().BeSameAs(client);
        chat.GetService<SupportBotClient>().Should().BeSameAs(client);
        chat.GetService<string>().Should().BeNull();
    }

    [Fact]
    public async Task Without_a_user_message_nothing_is_sent()
    {
        using var h = new ResilienceHarness();
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        var act = () => chat.GetResponseAsync([new AIChatMessage(AIChatRole.System, "be nice")]);

        await act.Should().ThrowAsync<ArgumentException>();
        h.Stub.Count.Should().Be(0);
    }

    [Fact]
    public async Task Sdk_errors_pass_through()
    {
        using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
        h.Stub.ThenRespond(429, "{\"error\":\"Plan limit reached\"}");
        using var client = h.CreateClient();
        var chat = client.AsChatClient();

        var act = () => h.Time.RunAsync(() => chat.GetResponseAsync("hi"));

        await act.Should().ThrowAsync<SupportBotQuotaExceededException>();
    }
}

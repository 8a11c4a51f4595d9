using System.Net;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

public class AskIaTests
{
    [Fact]
    public async Task Chat_matches_the_documented_example_and_sends_no_auth_by_default()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.RespondJson("""{"reply":"We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing)...","conversationId":"conv_abc123","messageId":"msg_xyz789"}""");

        var reply = await client.ChatAsync(new ChatRequest("What are your pricing plans?") { ConversationId = "optional-conversation-id" });

        var request = handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri("https://askiabot.com/api/widget/chat"));
        request.Header("Authorization").Should().BeNull();
        request.Header("X-API-Key").Should().BeNull();
        JsonAssert.Equal("""{"botId":"YOUR_BOT_ID","message":"What are your pricing plans?","conversationId":"optional-conversation-id"}""", request.Body);
        reply.Text.Should().StartWith("We offer three pricing plans");
        reply.ConversationId.Should().Be("conv_abc123");
        reply.MessageId.Should().Be("msg_xyz789");
        reply.RequiresEscalation.Should().BeFalse();
    }

    [Fact]
    public async Task New_conversation_sends_no_id_and_continues_with_the_returned_one()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.RespondJson("""{"reply":"Hello","conversationId":"conv_new1","messageId":"msg_1"}""");
        handler.RespondJson("""{"reply":"Again","conversationId":"conv_new1","messageId":"msg_2"}""");

        var first = await client.ChatAsync(new ChatRequest("Hi"));
        var second = await client.ChatAsync(new ChatRequest("More") { ConversationId = first.ConversationId });

        JsonAssert.Equal("""{"botId":"YOUR_BOT_ID","message":"Hi"}""", handler.Requests[0].Body);
        JsonAssert.Equal("""{"botId":"YOUR_BOT_ID","message":"More","conversationId":"conv_new1"}""", handler.Requests[1].Body);
        second.ConversationId.Should().Be("conv_new1");
    }

    [Fact]
    public async Task Configured_JWT_is_sent_as_bearer()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA, o => o.ApiKey = "eyJhbGciOiJIUzI1NiJ9.e30.sig");
        handler.RespondJson("""{"reply":"ok","conversationId":"c","messageId":"m"}""");

        await client.ChatAsync(new ChatRequest("hi"));

        handler.Single.Header("Authorization").Should().Be("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig");
    }

    [Fact]
    public async Task Bot_and_branding_are_read_and_normalized()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.RespondJson("""{"id":"bot_abc123","name":"Customer Support Assistant","description":"Helps customers with product questions","category":"support","language":"en","createdAt":"2025-01-15T10:00:00Z"}""");
        handler.RespondJson("""{"primaryColor":"#6366f1","backgroundColor":"#ffffff","textColor":"#1f2937","logoUrl":"https://example.com/logo.png","position":"bottom-right","theme":"light"}""");

        var bot = await client.GetBotAsync("bot_abc123");
        var branding = await client.GetBrandingAsync();

        handler.Requests[0].Method.Should().Be(HttpMethod.Get);
        handler.Requests[0].Uri.Should().Be(new Uri("https://askiabot.com/api/bots/bot_abc123"));
        handler.Requests[1].Uri.Should().Be(new Uri("https://askiabot.com/api/bots/YOUR_BOT_ID/branding"));
        bot.Should().BeEquivalentTo(new
        {
            Id = "bot_abc123", Name = "Customer Support Assistant", Description = "Helps customers with product questions", Category = "support",
            Language = "en", CreatedAt = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), Provider = SupportBotProvider.AskIA,
        });
        branding.Should().BeEquivalentTo(new
        {
            PrimaryColor = "#6366f1", BackgroundColor = "#ffffff", TextColor = "#1f2937", LogoUrl = "https://example.com/logo.png",
            Position = "bottom-right", Theme = "light", Provider = SupportBotProvider.AskIA,
        });
    }

    [Fact]
    public async Task Hourly_limit_429_is_a_rate_limit_with_Retry_After()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.Respond((HttpStatusCode)429, """{"error":"Limite de débit dépassée"}""", configure: r => r.Headers.Add("Retry-After", "3600"));

        var ex = (await client.Invoking(c => c.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromHours(1));
        ex.Details.Should().Be("Limite de débit dépassée");
    }

    [Theory]
    [InlineData(400, SupportBotErrorCode.InvalidRequest)]
    [InlineData(404, SupportBotErrorCode.NotFound)]
    [InlineData(500, SupportBotErrorCode.ServerError)]
    public async Task Documented_error_statuses_map_to_typed_errors(int status, SupportBotErrorCode code)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.Respond((HttpStatusCode)status, """{"error":"Bot introuvable"}""");

        var ex = (await client.Invoking(c => c.GetBotAsync()).Should().ThrowAsync<SupportBotException>()).Which;

        ex.ErrorCode.Should().Be(code);
        ex.StatusCode.Should().Be(status);
        ex.Operation.Should().Be("GetBot");
    }

    [Fact]
    public async Task An_answer_without_conversation_id_is_returned_with_a_minted_id()
    {
        // Issue 11 item 4: the document's example always carries conversationId, but an answer without one is still an answer.
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.RespondJson("""{"reply":"Hello"}""");
        handler.RespondJson("""{"reply":"Again"}""");

        var first = await client.ChatAsync(new ChatRequest("hi"));
        var second = await client.ChatAsync(new ChatRequest("and?") { ConversationId = first.ConversationId });

        first.Text.Should().Be("Hello");
        first.ConversationId.Should().MatchRegex("^conv_[0-9a-f]{32}$");
        second.ConversationId.Should().Be(first.ConversationId, "the id the caller passed back is kept");
        JsonAssert.Equal($$"""{"botId":"YOUR_BOT_ID","message":"and?","conversationId":"{{first.ConversationId}}"}""", handler.Requests[1].Body);
    }

    [Fact]
    public void No_key_is_needed()
    {
        var act = () => new SupportBotClient(new HttpClient(new RecordingHandler()), new SupportBotClientOptions { Provider = SupportBotProvider.AskIA });

        act.Should().NotThrow();
    }
}

using System.Net;
using SupportBot.Client.Providers.Asyntai;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests.Providers;

public class AsyntaiTests
{
    [Fact]
    public async Task Chat_matches_the_documented_curl_example_with_bearer_auth()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":true,"response":"Our business hours are Monday-Friday, 9 AM to 5 PM EST.","session_id":"user_123"}""");

        var reply = await client.ChatAsync(new ChatRequest("What are your business hours?") { ConversationId = "user_123" });

        var request = handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri("https://asyntai.com/api/v1/chat/"));
        request.Header("Authorization").Should().Be("Bearer " + TestClients.AsyntaiKey);
        request.Header("X-API-Key").Should().BeNull();
        JsonAssert.Equal("""{"message":"What are your business hours?","session_id":"user_123"}""", request.Body);
        reply.Text.Should().Be("Our business hours are Monday-Friday, 9 AM to 5 PM EST.");
        reply.ConversationId.Should().Be("user_123");
        reply.RequiresEscalation.Should().BeFalse();
        reply.Provider.Should().Be(SupportBotProvider.Asyntai);
    }

    [Fact]
    public async Task X_API_Key_header_form_and_integer_website_id()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai, o => { o.AuthHeader = SupportBotAuthHeader.XApiKey; o.DefaultBotId = "1"; });
        handler.RespondJson("""{"success":true,"response":"Hi","session_id":"s1"}""");

        await client.ChatAsync(new ChatRequest("Hello") { ConversationId = "s1" });

        handler.Single.Header("X-API-Key").Should().Be(TestClients.AsyntaiKey);
        handler.Single.Header("Authorization").Should().BeNull();
        JsonAssert.Equal("""{"message":"Hello","session_id":"s1","website_id":1}""", handler.Single.Body);
    }

    [Fact]
    public async Task New_conversation_gets_a_minted_session_id_and_the_second_turn_reuses_it()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.Default = req => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"success":true,"response":"ok","session_id":{{System.Text.Json.Nodes.JsonNode.Parse(req.Content!.ReadAsStringAsync().Result)!["session_id"]!.ToJsonString()}}}"""),
        };

        var first = await client.ChatAsync(new ChatRequest("one"));
        var second = await client.ChatAsync(new ChatRequest("two") { ConversationId = first.ConversationId });

        first.ConversationId.Should().MatchRegex("^conv_[0-9a-f]{32}$");
        second.ConversationId.Should().Be(first.ConversationId);
        JsonAssert.Equal($$"""{"message":"two","session_id":"{{first.ConversationId}}"}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task Non_integer_website_id_is_rejected_before_sending()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);

        var act = () => client.ChatAsync(new ChatRequest("hi") { BotId = "my-site" });

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("BotId");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Websites_are_listed_and_normalized()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":true,"websites":[{"id":1,"name":"My Website","domain":"example.com","is_primary":true}]}""");

        var websites = await client.GetWebsitesAsync();

        handler.Single.Method.Should().Be(HttpMethod.Get);
        handler.Single.Uri.Should().Be(new Uri("https://asyntai.com/api/v1/websites/"));
        handler.Single.Body.Should().BeNull();
        websites.Should().Equal(new Website("1", "My Website", "example.com", true) { RawJson = websites[0].RawJson });
        websites[0].RawJson.Should().Contain("\"is_primary\"");
    }

    [Fact]
    public async Task Conversation_history_uses_session_id_and_limit_query()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""
            {"success":true,"session_id":"user_123","messages":[
              {"role":"user","content":"What are your business hours?","timestamp":"2024-01-15T10:30:00Z"},
              {"role":"assistant","content":"Our business hours are Monday-Friday, 9 AM to 5 PM EST.","timestamp":"2024-01-15T10:30:01Z"}]}
            """);

        var transcript = await client.GetConversationAsync("user_123", limit: 20);

        handler.Single.Uri.Should().Be(new Uri("https://asyntai.com/api/v1/conversations/?session_id=user_123&limit=20"));
        transcript.ConversationId.Should().Be("user_123");
        transcript.Messages.Should().Equal(
            new ConversationMessage(MessageRole.User, "What are your business hours?", DateTimeOffset.Parse("2024-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            new ConversationMessage(MessageRole.Assistant, "Our business hours are Monday-Friday, 9 AM to 5 PM EST.", DateTimeOffset.Parse("2024-01-15T10:30:01Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Session_ids_are_escaped_in_the_query()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":true,"session_id":"a b&c","messages":[]}""");

        await client.GetConversationAsync("a b&c");

        handler.Single.Uri.AbsoluteUri.Should().Be("https://asyntai.com/api/v1/conversations/?session_id=a%20b%26c");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public async Task Conversation_limit_outside_1_to_100_is_rejected_before_sending(int limit)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);

        var act = () => client.GetConversationAsync("user_123", limit);

        (await act.Should().ThrowAsync<SupportBotValidationException>()).Which.ParameterName.Should().Be("limit");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Account_usage_is_normalized()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":true,"account":{"email":"you@example.com","plan":"starter","messages_used":150,"messages_limit":2500}}""");

        var account = await client.GetAccountAsync();

        handler.Single.Uri.Should().Be(new Uri("https://asyntai.com/api/v1/account/"));
        account.Should().BeEquivalentTo(new { Email = "you@example.com", Plan = "starter", MessagesUsed = 150L, MessagesLimit = 2500L, MessagesRemaining = 2350L, Provider = SupportBotProvider.Asyntai });
    }

    [Fact]
    public async Task Native_client_exposes_the_envelope()
    {
        var handler = new RecordingHandler().RespondJson("""{"success":true,"account":{"email":"you@example.com","plan":"pro","messages_used":1,"messages_limit":50000}}""");
        var native = new AsyntaiClient(new HttpClient(handler), TestClients.Options(SupportBotProvider.Asyntai));

        var response = await native.GetAccountAsync();

        response.StatusCode.Should().Be(200);
        response.Value.Success.Should().BeTrue();
        response.Value.Account.Should().Be(new AsyntaiAccount("you@example.com", "pro", 1, 50000));
    }

    [Fact]
    public async Task Message_limit_429_is_a_quota_error_not_a_rate_limit()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.Respond((HttpStatusCode)429, """{"success":false,"error":"Message limit reached for your plan"}""");

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        var ex = (await act.Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.StatusCode.Should().Be(429);
        ex.Details.Should().Be("Message limit reached for your plan");
        ex.Used.Should().BeNull("the body states no (used/limit), so the usage is unknown, not 0");
        ex.Limit.Should().BeNull();
    }

    [Theory]
    [InlineData(400, typeof(SupportBotException), SupportBotErrorCode.InvalidRequest)]
    [InlineData(401, typeof(SupportBotAuthenticationException), SupportBotErrorCode.Unauthorized)]
    [InlineData(503, typeof(SupportBotException), SupportBotErrorCode.ServiceUnavailable)]
    public async Task Documented_error_statuses_map_to_typed_errors(int status, Type type, SupportBotErrorCode code)
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.Respond((HttpStatusCode)status, """{"success":false,"error":"Error message describing what went wrong"}""");

        var act = () => client.GetWebsitesAsync();

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.Should().BeOfType(type);
        ex.ErrorCode.Should().Be(code);
        ex.StatusCode.Should().Be(status);
        ex.Details.Should().Be("Error message describing what went wrong");
    }

    [Fact]
    public async Task Success_false_inside_a_200_is_still_an_error()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.RespondJson("""{"success":false,"error":"Website not found"}""");

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.Details.Should().Be("Website not found");
        ex.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Operations_Asyntai_lacks_throw_NotSupported()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);

        var ex = (await client.Invoking(c => c.GetBrandingAsync()).Should().ThrowAsync<SupportBotNotSupportedException>()).Which;

        ex.Message.Should().Be("Asyntai does not support GetBranding.");
        ex.Operation.Should().Be("GetBranding");
        client.Capabilities.GetBranding.Should().BeFalse();
        handler.Requests.Should().BeEmpty();
    }
}

using SupportBot.Client;
using SupportBot.Client.Providers.Asyntai;

namespace SupportBot.MockServer.Tests;

public sealed class AsyntaiTests
{
    private const SupportBotProvider P = SupportBotProvider.Asyntai;

    [Fact]
    public async Task Chat_keeps_the_session_and_the_transcript_and_counts_usage_once()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var first = await client.ChatAsync("What are your business hours?");
        var second = await client.ChatAsync("Can I get a refund?", first.ConversationId);

        first.Text.Should().Be("Our business hours are Monday-Friday, 9 AM to 5 PM EST.");
        second.ConversationId.Should().Be(first.ConversationId);
        var transcript = await client.GetConversationAsync(first.ConversationId);
        transcript.Messages.Select(m => m.Content).Should().HaveCount(4).And.HaveElementAt(2, "Can I get a refund?");
        transcript.Messages.Select(m => m.Role.Value).Should().Equal("user", "assistant", "user", "assistant");

        var account = await client.GetAccountAsync();
        account.Email.Should().Be("you@example.com");
        account.Plan.Should().Be("starter");
        account.MessagesUsed.Should().Be(152);
        account.MessagesLimit.Should().Be(2500);
    }

    [Fact]
    public async Task Server_mints_a_session_id_when_none_is_sent()
    {
        await using var server = await Mock.StartAsync();
        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "chat/", """{"message":"What are your business hours?"}""", ("Authorization", "Bearer YOUR_API_KEY"));
        status.Should().Be(200);
        // The document prints the envelope first: {success, response, session_id}.
        body.Should().Be("""{"success":true,"response":"Our business hours are Monday-Friday, 9 AM to 5 PM EST.","session_id":"session_000001"}""");
    }

    [Fact]
    public async Task Seeded_session_and_websites_match_the_docs()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.AuthHeader = SupportBotAuthHeader.XApiKey);

        var transcript = await client.GetConversationAsync("user_123", 20);
        transcript.Messages.Should().HaveCount(2);
        transcript.Messages[0].Timestamp.Should().Be(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero));

        var websites = await client.GetWebsitesAsync();
        websites.Should().ContainSingle().Which.Should().BeEquivalentTo(new Website("1", "My Website", "example.com", true), o => o.Excluding(w => w.RawJson));
        server.Journal.For(P).Should().OnlyContain(r => r.Headers["X-API-Key"] == "YOUR***");
    }

    [Fact]
    public async Task Invalid_or_missing_key_is_401()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.ApiKey = "asyntai_invalid_key");
        var ex = (await FluentActions.Awaiting(() => client.GetAccountAsync()).Should().ThrowAsync<SupportBotAuthenticationException>()).Which;
        ex.ResponseBody.Should().Be("""{"success":false,"error":"Invalid or missing API key"}""");

        (await server.RawAsync(P, HttpMethod.Get, "websites/")).Status.Should().Be(401);
    }

    [Fact]
    public async Task Message_limit_is_429_quota()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.ApiKey = "asyntai_quota_exhausted_key"; o.DefaultBotId = null; });
        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.ResponseBody.Should().Be("""{"success":false,"error":"Message limit reached for your plan"}""");
        (await client.GetAccountAsync()).MessagesUsed.Should().Be(2500);
    }

    [Fact]
    public async Task Ai_unavailable_website_is_503()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.DefaultBotId = "99"; Mock.NoRetries(o); });
        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        ex.ResponseBody.Should().Be("""{"success":false,"error":"AI service temporarily unavailable"}""");
    }

    [Fact]
    public async Task Bad_parameters_are_400()
    {
        await using var server = await Mock.StartAsync();
        var auth = ("Authorization", "Bearer YOUR_API_KEY");
        (await server.RawAsync(P, HttpMethod.Post, "chat/", "{}", auth)).Status.Should().Be(400);
        (await server.RawAsync(P, HttpMethod.Get, "conversations/", null, auth)).Body.Should().Contain("session_id");
        (await server.RawAsync(P, HttpMethod.Get, "conversations/?session_id=user_123&limit=0", null, auth)).Status.Should().Be(400);
        (await server.RawAsync(P, HttpMethod.Get, "conversations/?session_id=user_123&limit=101", null, auth)).Status.Should().Be(400);
        (await server.RawAsync(P, HttpMethod.Get, "conversations/?session_id=user_123&limit=100", null, auth)).Status.Should().Be(200);
        (await server.RawAsync(P, HttpMethod.Post, "chat/", """{"message":"hi","website_id":"abc"}""", auth)).Status.Should().Be(400);
    }

    [Fact]
    public async Task Native_client_sees_the_envelope()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);
        var native = client.GetNativeClient<AsyntaiClient>();
        var response = await native.ChatAsync(new AsyntaiChatRequest { Message = "How do I export my notes?", SessionId = "s1", WebsiteId = 1 });
        response.Value.Success.Should().BeTrue();
        response.Value.SessionId.Should().Be("s1");
        response.Value.Response.Should().Contain("export");
    }
}

using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

public sealed class AskIaTests
{
    private const SupportBotProvider P = SupportBotProvider.AskIA;

    [Fact]
    public async Task Chat_profile_and_branding()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("What are your pricing plans?");
        reply.Text.Should().StartWith("We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing).");
        reply.ConversationId.Should().Be("conv_000001");
        reply.MessageId.Should().Be("msg_000001");

        var next = await client.ChatAsync("And how much storage does it include?", reply.ConversationId);
        next.ConversationId.Should().Be("conv_000001");
        next.Text.Should().Contain("50 GB");

        var bot = await client.GetBotAsync("bot_abc123");
        bot.Name.Should().Be("Customer Support Assistant");
        bot.Category.Should().Be("support");
        bot.CreatedAt.Should().Be(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero));
        var branding = await client.GetBrandingAsync();
        branding.PrimaryColor.Should().Be("#6366f1");
        branding.Theme.Should().Be("light");
    }

    [Fact]
    public async Task A_bearer_jwt_is_accepted_and_ignored()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => o.ApiKey = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig");
        (await client.ChatAsync("How do I export my notes?")).RequiresEscalation.Should().BeFalse();
        server.Journal.Single().Headers["Authorization"].Should().Be("Bearer eyJh***");
    }

    [Fact]
    public async Task Errors_have_the_documented_bodies()
    {
        await using var server = await Mock.StartAsync();
        using var unknown = server.CreateClient(P, o => o.DefaultBotId = "unknown_bot");
        var ex = (await FluentActions.Awaiting(() => unknown.GetBotAsync()).Should().ThrowAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.ResponseBody.Should().Be("""{"error":"Bot introuvable"}""");

        using var broken = server.CreateClient(P, o => { o.DefaultBotId = "server_error_bot"; Mock.NoRetries(o); });
        (await FluentActions.Awaiting(() => broken.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which
            .ResponseBody.Should().Be("""{"error":"Erreur serveur"}""");

        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "widget/chat", """{"botId":"YOUR_BOT_ID"}""");
        status.Should().Be(400);
        body.Should().Be("""{"error":"Paramètres manquants ou invalides"}""");
    }

    [Fact]
    public async Task Rate_limited_bot_is_429_with_retry_after_3600()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.DefaultBotId = "rate_limited_bot"; Mock.NoRetries(o); });
        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromHours(1));
        ex.ResponseBody.Should().Be("""{"error":"Limite de débit dépassée"}""");
    }

    [Fact]
    public async Task Free_plan_allows_100_requests_an_hour_with_an_honest_retry_after()
    {
        var time = Mock.Clock();
        await using var server = await Mock.StartAsync(time);
        using var client = server.CreateClient(P, Mock.NoRetries);

        for (var i = 0; i < 100; i++)
        {
            await client.ChatAsync("What are your pricing plans?");
            if (i == 49)
            {
                time.Advance(TimeSpan.FromMinutes(20));
            }
        }

        time.Advance(TimeSpan.FromMinutes(10));
        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromMinutes(30));

        // Another bot has its own window.
        (await client.ChatAsync(new ChatRequest("hi") { BotId = "bot_abc123" })).Text.Should().NotBeEmpty();

        time.Advance(TimeSpan.FromMinutes(30));
        (await client.ChatAsync("What are your pricing plans?")).Text.Should().NotBeEmpty();
    }
}

using SupportBot.Client;
using SupportBot.Client.Providers.ChatSupportAI;

namespace SupportBot.MockServer.Tests;

public sealed class ChatSupportAITests
{
    private const SupportBotProvider P = SupportBotProvider.ChatSupportAI;

    [Fact]
    public async Task Chat_answers_from_the_widget_policies_first()
    {
        var time = Mock.Clock();
        await using var server = await Mock.StartAsync(time);
        using var client = server.CreateClient(P);

        var reply = await client.ChatAsync("What are your business hours?");

        reply.Text.Should().Be("Our business hours are 9am-5pm EST, Monday through Friday.");
        reply.MessageId.Should().Be("resp_000001");
        reply.Timestamp.Should().Be(time.GetUtcNow());
        server.Journal.For(P).Single().Body.Should().Contain("\"sessionId\":\"" + reply.ConversationId + "\"");
    }

    [Fact]
    public async Task Request_rules_and_scraped_data_are_knowledge()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var policy = await client.ChatAsync(new ChatRequest("Do you ship to Canada?")
        {
            Rules = new CompanyRules { CompanyName = "Acme Inc.", Policies = [new CompanyPolicy("Shipping", "We ship to Canada and the United States within 5 days.")] },
        });
        policy.Text.Should().Be("We ship to Canada and the United States within 5 days.");

        var scraped = await client.ChatAsync(new ChatRequest("Where is your headquarters office?") { ScrapedData = "Acme Inc. headquarters office is in Lyon, France." });
        scraped.Text.Should().Contain("Lyon");
    }

    [Fact]
    public async Task Widget_config_gives_profile_and_branding()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P);

        var bot = await client.GetBotAsync();
        bot.Id.Should().Be("YOUR_WIDGET_ID");
        bot.WelcomeMessage.Should().NotBeNullOrEmpty();
        var branding = await client.GetBrandingAsync();
        branding.Position.Should().Be("bottom-right");

        var scrape = await client.GetNativeClient<ChatSupportAIClient>().ScrapeUrlAsync("https://help.acme-notes.example/articles/refund-policy");
        scrape.Value.Title.Should().Be("Refund Policy");
    }

    [Fact]
    public async Task Errors_have_the_documented_bodies()
    {
        await using var server = await Mock.StartAsync();
        using (var bad = server.CreateClient(P, o => o.ApiKey = "chatsupport_invalid_key"))
        {
            var ex = (await FluentActions.Awaiting(() => bad.ChatAsync("hi")).Should().ThrowAsync<SupportBotAuthenticationException>()).Which;
            ex.ResponseBody.Should().Be("""{"error":"Unauthorized - Invalid or missing API key"}""");
        }

        using (var unknown = server.CreateClient(P, o => o.DefaultBotId = "unknown_widget"))
        {
            var ex = (await FluentActions.Awaiting(() => unknown.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which;
            ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
            ex.ResponseBody.Should().Be("""{"error":"Widget not found"}""");
        }

        using (var broken = server.CreateClient(P, o => { o.DefaultBotId = "server_error_widget"; Mock.NoRetries(o); }))
        {
            var ex = (await FluentActions.Awaiting(() => broken.ChatAsync("hi")).Should().ThrowAsync<SupportBotException>()).Which;
            ex.ErrorCode.Should().Be(SupportBotErrorCode.ServerError);
            ex.ResponseBody.Should().Be("""{"error":"Server error"}""");
        }

        var (status, body, _) = await server.RawAsync(P, HttpMethod.Post, "widget/chat", """{"message":"hi"}""", ("Authorization", "Bearer YOUR_API_KEY"));
        status.Should().Be(400);
        body.Should().Be("""{"error":"Missing required parameters"}""");
    }

    [Fact]
    public async Task Rate_limited_key_is_429_with_retry_after()
    {
        await using var server = await Mock.StartAsync();
        using var client = server.CreateClient(P, o => { o.ApiKey = "chatsupport_rate_limited_key"; Mock.NoRetries(o); });

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        ex.ResponseBody.Should().Be("""{"error":"Too Many Requests"}""");
    }

    [Fact]
    public async Task Per_key_window_counts_and_reopens()
    {
        var time = Mock.Clock();
        var seed = MockSeed.Demo;
        seed.ApiKeys.Single(k => k.Provider == P && k.Key == "YOUR_API_KEY").RateLimit = new MockRateLimit { Permits = 2, WindowSeconds = 60 };
        await using var server = await Mock.StartAsync(time, seed);
        using var client = server.CreateClient(P, Mock.NoRetries);

        await client.ChatAsync("hi");
        time.Advance(TimeSpan.FromSeconds(15));
        await client.ChatAsync("hi");
        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hi")).Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(45));

        time.Advance(TimeSpan.FromSeconds(45));
        await client.ChatAsync("hi");
    }
}

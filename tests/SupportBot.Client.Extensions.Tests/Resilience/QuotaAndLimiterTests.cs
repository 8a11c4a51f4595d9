using System.Net;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Resilience;

public sealed class QuotaAndLimiterTests
{
    [Fact]
    public async Task AISupportBot_quota_429_is_tried_exactly_once_and_the_body_still_reaches_the_exception()
    {
        using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
        h.Stub.ThenRespond(429, "{\"error\":\"Plan limit reached\",\"details\":\"Upgrade to get more responses. (1000/1000)\"}", ("Retry-After", "1"));
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.ChatAsync("hello"));

        var ex = (await act.Should().ThrowAsync<SupportBotQuotaExceededException>()).Which;
        ex.Used.Should().Be(1000);
        ex.Limit.Should().Be(1000);
        ex.Details.Should().Contain("Plan limit reached");
        h.Stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task AgentApi_quota_429_on_a_GET_is_tried_exactly_once()
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(429, "{\"error\":{\"message\":\"Monthly quota exhausted\",\"code\":\"quota_exceeded\"}}");
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.GetAccountAsync());

        await act.Should().ThrowAsync<SupportBotQuotaExceededException>();
        h.Stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task Rate_limit_429_is_retried_and_then_surfaces_as_rate_limit_exception()
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(429, "{\"error\":\"Too many requests\"}", ("Retry-After", "2"));
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.ChatAsync("hello"));

        var ex = (await act.Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        h.Stub.Count.Should().Be(4);
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task Client_side_limiter_rejects_without_sending()
    {
        using var h = new ResilienceHarness(o => o.ClientRateLimit = new SupportBotRateLimitOptions { PermitLimit = 2, Window = TimeSpan.FromHours(1) });
        h.Stub.ThenRespond(200, "{\"answer\":\"ok\",\"conversation_id\":\"c1\",\"message_id\":\"m1\",\"confidence\":0.9}");
        using var client = h.CreateClient();

        await h.Time.RunAsync(() => client.ChatAsync("one"));
        await h.Time.RunAsync(() => client.ChatAsync("two"));
        var act = () => h.Time.RunAsync(() => client.ChatAsync("three"));

        var ex = (await act.Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.Provider.Should().Be(SupportBotProvider.AgentApi);
        ex.Message.Should().Contain("client-side rate limit");
        h.Stub.Count.Should().Be(2);
    }

    [Fact]
    public async Task Client_options_flow_into_the_handler()
    {
        var time = new DrivenTimeProvider();
        var stub = new StubHandler(time).ThenRespond(503);
        var options = new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AgentApi,
            ApiKey = ResilienceHarness.AgentKey,
            BaseAddress = new Uri("https://agent.example/"),
            TimeProvider = time,
            Retry = new SupportBotRetryOptions { MaxRetries = 1, UseJitter = false, BaseDelay = TimeSpan.FromSeconds(5) },
        };
        using var http = new HttpClient(new SupportBotResilienceHandler(options) { InnerHandler = stub }) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new SupportBotClient(http, options);

        var act = () => time.RunAsync(() => client.GetAccountAsync());

        (await act.Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        stub.Count.Should().Be(2);
        time.Elapsed.Should().Be(TimeSpan.FromSeconds(5));
    }
}

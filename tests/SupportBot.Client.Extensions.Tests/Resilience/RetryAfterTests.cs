using System.Globalization;
using System.Net;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Resilience;

/// <summary>Retry-After in every form replaces the backoff, is never undercut, and is honoured only up to the cap and the budget.</summary>
public sealed class RetryAfterTests
{
    private const string RateLimited = "{\"error\":\"Rate limit exceeded\"}";

    public static TheoryData<string, string, double> Forms() => new()
    {
        { "Retry-After", "7", 7 },
        { "Retry-After", "0", 0 },
        { "Retry-After", "2.5", 2.5 },
        { "retry-after-ms", "1500", 1.5 },
        { "retry-after-ms", "250", 0.25 },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Retry_after_replaces_the_backoff(string header, string value, double seconds)
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(429, RateLimited, (header, value)).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Post);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Stub.Calls.Should().HaveCount(2);
        (h.Stub.Calls[1].At - h.Stub.Calls[0].At).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public async Task Http_date_is_measured_from_the_injected_clock()
    {
        using var h = new ResilienceHarness();
        var date = h.Time.GetUtcNow().AddSeconds(12).ToString("R", CultureInfo.InvariantCulture);
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", date)).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (h.Stub.Calls[1].At - h.Stub.Calls[0].At).Should().Be(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task Past_http_date_retries_at_once()
    {
        using var h = new ResilienceHarness();
        var date = h.Time.GetUtcNow().AddMinutes(-5).ToString("R", CultureInfo.InvariantCulture);
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", date)).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Stub.Calls[1].At.Should().Be(h.Stub.Calls[0].At);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_backoff_is_never_undercut_even_with_jitter()
    {
        using var h = new ResilienceHarness(o => o.Retry = new SupportBotRetryOptions { UseJitter = true, BaseDelay = TimeSpan.FromSeconds(10) });
        h.Stub.ThenRespond(503, "{}", ("Retry-After", "3")).ThenRespond(503, "{}", ("Retry-After", "4")).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var gaps = h.Stub.Calls.Zip(h.Stub.Calls.Skip(1), (a, b) => b.At - a.At).ToArray();
        gaps.Should().Equal(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Retry_after_beyond_the_cap_returns_the_429_at_once()
    {
        using var h = new ResilienceHarness(o => o.Retry = new SupportBotRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(60) });
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", "120")).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be((HttpStatusCode)429);
        h.Stub.Count.Should().Be(1);
        h.Time.Elapsed.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task Client_surfaces_the_uncapped_retry_after_on_the_rate_limit_exception()
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", "120"));
        using var client = h.CreateClient();

        var act = () => h.Time.RunAsync(() => client.ChatAsync("hello"));

        var ex = (await act.Should().ThrowAsync<SupportBotRateLimitException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        ex.Provider.Should().Be(SupportBotProvider.AgentApi);
        h.Stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task Retry_after_beyond_the_remaining_total_budget_returns_at_once()
    {
        using var h = new ResilienceHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(30));
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", "20")).ThenRespond(429, RateLimited, ("Retry-After", "20")).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        // First wait (20 s) fits in 30 s; the second would end past the budget (only 10 s left): returned at once.
        response.StatusCode.Should().Be((HttpStatusCode)429);
        h.Stub.Count.Should().Be(2);
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Retry_after_equal_to_the_cap_is_honoured()
    {
        using var h = new ResilienceHarness(o =>
        {
            o.TotalTimeout = TimeSpan.FromSeconds(120);
            o.Retry = new SupportBotRetryOptions { UseJitter = false, MaxRetryAfter = TimeSpan.FromSeconds(60) };
        });
        h.Stub.ThenRespond(429, RateLimited, ("Retry-After", "60")).ThenRespond(200, "{}");

        using var response = await h.SendAsync(HttpMethod.Get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Retry_after_on_a_status_that_is_not_retried_does_not_cause_a_retry()
    {
        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(400, "{}", ("Retry-After", "1"));

        using var response = await h.SendAsync(HttpMethod.Get);

        h.Stub.Count.Should().Be(1);
    }
}

using System.Net.Http.Headers;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Tests;

public class HeaderParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }

    [Theory]
    [InlineData("Retry-After", "120", 120_000)]
    [InlineData("Retry-After", "Sun, 22 Nov 2026 12:00:30 GMT", 30_000)]
    [InlineData("Retry-After", "Sun, 22 Nov 2026 11:59:00 GMT", 0)]
    [InlineData("retry-after-ms", "1500", 1_500)]
    [InlineData("Retry-After", "2.5", 2_500)]
    public void Retry_After_in_all_its_forms(string name, string value, int expectedMs) =>
        HeaderParsing.RetryAfter(Headers((name, value)), Now).Should().Be(TimeSpan.FromMilliseconds(expectedMs));

    [Fact]
    public void Retry_after_ms_wins_over_Retry_After() =>
        HeaderParsing.RetryAfter(Headers(("Retry-After", "10"), ("retry-after-ms", "250")), Now).Should().Be(TimeSpan.FromMilliseconds(250));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    public void Unreadable_Retry_After_is_ignored(string value) =>
        HeaderParsing.RetryAfter(Headers(("Retry-After", value)), Now).Should().BeNull();

    [Fact]
    public void Rate_limit_headers_read_epoch_and_delta_resets()
    {
        HeaderParsing.RateLimit(Headers(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1795000000")), Now)
            .Should().Be(new RateLimitInfo(100, 0, DateTimeOffset.FromUnixTimeSeconds(1795000000), null));
        HeaderParsing.RateLimit(Headers(("X-RateLimit-Reset", "60")), Now)
            .Should().Be(new RateLimitInfo(null, null, Now.AddSeconds(60), null));
        HeaderParsing.RateLimit(Headers(), Now).Should().BeNull();
    }
}

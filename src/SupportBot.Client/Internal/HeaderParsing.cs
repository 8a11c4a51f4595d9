using System.Globalization;
using System.Net.Http.Headers;

namespace SupportBot.Client.Internal;

/// <summary>Reads the limit- and id-related response headers.</summary>
internal static class HeaderParsing
{
    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-RequestId"];

    /// <summary>
    /// Parses <c>retry-after-ms</c>, then <c>Retry-After</c> as delta seconds or HTTP-date (relative to <paramref name="now"/>;
    /// a past date yields zero).
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (First(headers, "retry-after-ms") is { } msText
            && double.TryParse(msText, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        // Some servers send fractional seconds, which the typed parser rejects.
        if (First(headers, "Retry-After") is { } raw
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    public static string? RequestId(HttpResponseHeaders headers)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (First(headers, name) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    public static string? QuotaWarning(HttpResponseHeaders headers) => First(headers, "X-Quota-Warning");

    public static RateLimitInfo? RateLimit(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var limit = Long(First(headers, "X-RateLimit-Limit"));
        var remaining = Long(First(headers, "X-RateLimit-Remaining"));
        var resetRaw = Long(First(headers, "X-RateLimit-Reset"));
        var retryAfter = RetryAfter(headers, now);
        if (limit is null && remaining is null && resetRaw is null && retryAfter is null)
        {
            return null;
        }

        DateTimeOffset? reset = resetRaw switch
        {
            null => null,

            // Values this large are epoch seconds; smaller ones are seconds from now.
            > 1_000_000_000 => DateTimeOffset.FromUnixTimeSeconds(resetRaw.Value),
            _ => now.AddSeconds(resetRaw.Value),
        };
        return new RateLimitInfo(limit, remaining, reset, retryAfter);
    }

    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() : null;
}

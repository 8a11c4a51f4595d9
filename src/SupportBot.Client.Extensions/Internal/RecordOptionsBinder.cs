using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SupportBot.Client.Extensions.Internal;

/// <summary>
/// Binds the init-only records inside <see cref="SupportBotClientOptions"/> (<c>Retry</c>, <c>ClientRateLimit</c>), which the
/// configuration binding source generator leaves at their defaults. Reflection-free, so trimming and AOT stay clean.
/// </summary>
internal static class RecordOptionsBinder
{
    public static void Bind(IConfiguration configuration, SupportBotClientOptions options)
    {
        var retry = configuration.GetSection(nameof(SupportBotClientOptions.Retry));
        if (retry.Exists())
        {
            var r = options.Retry ?? new SupportBotRetryOptions();
            options.Retry = r with
            {
                MaxRetries = Int(retry, nameof(SupportBotRetryOptions.MaxRetries)) ?? r.MaxRetries,
                BaseDelay = Time(retry, nameof(SupportBotRetryOptions.BaseDelay)) ?? r.BaseDelay,
                UseJitter = Bool(retry, nameof(SupportBotRetryOptions.UseJitter)) ?? r.UseJitter,
                MaxRetryAfter = Time(retry, nameof(SupportBotRetryOptions.MaxRetryAfter)) ?? r.MaxRetryAfter,
                RetryUnsafeRequests = Bool(retry, nameof(SupportBotRetryOptions.RetryUnsafeRequests)) ?? r.RetryUnsafeRequests,
                UseCircuitBreaker = Bool(retry, nameof(SupportBotRetryOptions.UseCircuitBreaker)) ?? r.UseCircuitBreaker,
            };
        }

        var limit = configuration.GetSection(nameof(SupportBotClientOptions.ClientRateLimit));
        if (limit.Exists())
        {
            var l = options.ClientRateLimit ?? new SupportBotRateLimitOptions();
            options.ClientRateLimit = l with
            {
                PermitLimit = Int(limit, nameof(SupportBotRateLimitOptions.PermitLimit)) ?? l.PermitLimit,
                Window = Time(limit, nameof(SupportBotRateLimitOptions.Window)) ?? l.Window,
                QueueLimit = Int(limit, nameof(SupportBotRateLimitOptions.QueueLimit)) ?? l.QueueLimit,
            };
        }
    }

    private static int? Int(IConfigurationSection section, string key) =>
        Parse<int>(section, key, static v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null, "an integer");

    private static bool? Bool(IConfigurationSection section, string key) =>
        Parse<bool>(section, key, static v => bool.TryParse(v, out var b) ? b : null, "true or false");

    private static TimeSpan? Time(IConfigurationSection section, string key) =>
        Parse<TimeSpan>(section, key, static v => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) ? t : null, "a time span such as 00:00:30");

    private static T? Parse<T>(IConfigurationSection section, string key, Func<string, T?> parse, string expected)
        where T : struct
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return parse(value.Trim()) ?? throw new InvalidOperationException($"{section.Path}:{key}: '{value}' is not {expected}.");
    }
}

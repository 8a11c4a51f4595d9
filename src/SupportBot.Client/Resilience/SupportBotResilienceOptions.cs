using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace SupportBot.Client;

/// <summary>
/// Settings of <see cref="SupportBotResilienceHandler"/>: client-side rate limiter → total timeout → retry → circuit breaker →
/// attempt timeout. Built from <see cref="SupportBotClientOptions"/> by <see cref="FromClientOptions"/>; with dependency injection,
/// <c>ConfigureSupportBotResilience</c> lets you change it further.
/// </summary>
public sealed class SupportBotResilienceOptions
{
    /// <summary>Total time budget of one call, retries and their delays included (default 30 s). <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time budget of one HTTP attempt (default 10 s). <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retry settings (count, backoff, <c>Retry-After</c> cap, unsafe requests, circuit breaker on/off).</summary>
    public SupportBotRetryOptions Retry { get; set; } = new();

    /// <summary>Circuit breaker settings (Polly's defaults).</summary>
    public SupportBotCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>A client-side fixed-window rate limit; null disables it. Ignored when <see cref="RateLimiter"/> is set.</summary>
    public SupportBotRateLimitOptions? ClientRateLimit { get; set; }

    /// <summary>
    /// A rate limiter of your own (e.g. one shared by several clients), used instead of <see cref="ClientRateLimit"/>.
    /// It is not disposed by the handler.
    /// </summary>
    public RateLimiter? RateLimiter { get; set; }

    /// <summary>The clock behind delays, timeouts and the circuit breaker; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where retries are logged (event id 1003). Null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Builds resilience settings from client options: timeouts, retry, rate limit, clock and logger factory.</summary>
    /// <param name="options">The client options.</param>
    /// <returns>The new settings.</returns>
    public static SupportBotResilienceOptions FromClientOptions(SupportBotClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SupportBotResilienceOptions
        {
            TotalTimeout = options.Timeout,
            AttemptTimeout = options.AttemptTimeout,
            Retry = options.Retry ?? new SupportBotRetryOptions(),
            ClientRateLimit = options.ClientRateLimit,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
            LoggerFactory = options.LoggerFactory,
        };
    }
}

/// <summary>Circuit breaker settings. Defaults are Polly's: 10 % failures over 30 s with at least 100 calls opens the circuit for 5 s.</summary>
public sealed record SupportBotCircuitBreakerOptions
{
    /// <summary>The failure ratio (0–1] that opens the circuit (default 0.1).</summary>
    public double FailureRatio { get; init; } = 0.1;

    /// <summary>Calls needed in the sampling window before the ratio counts (default 100, at least 2).</summary>
    public int MinimumThroughput { get; init; } = 100;

    /// <summary>The sampling window (default 30 s, at least 0.5 s).</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call is let through (default 5 s, at least 0.5 s).</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Resilience;

/// <summary>
/// The Polly pipeline behind <see cref="SupportBotResilienceHandler"/>, plus the optional client-side limiter. One instance holds
/// the circuit breaker's state, so it is shared by every handler of one client (DI keeps one per client name).
/// </summary>
internal sealed class SupportBotResiliencePipeline : IDisposable
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("SupportBot.Request");
    internal static readonly ResiliencePropertyKey<long> StartedKey = new("SupportBot.Started");
    internal static readonly ResiliencePropertyKey<bool> TotalTimedOutKey = new("SupportBot.TotalTimedOut");
    internal static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("SupportBot.RetryAfter");

    private readonly RateLimiter? _ownedLimiter;

    public SupportBotResiliencePipeline(SupportBotResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Retry = options.Retry ?? new SupportBotRetryOptions();
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Logger = (ILogger?)options.LoggerFactory?.CreateLogger("SupportBot.Client") ?? NullLogger.Instance;
        if (options.RateLimiter is { } limiter)
        {
            Limiter = limiter;
        }
        else if (options.ClientRateLimit is { } rl)
        {
            Limiter = _ownedLimiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = rl.PermitLimit,
                Window = rl.Window,
                QueueLimit = rl.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        Pipeline = Build();
    }

    public SupportBotResilienceOptions Options { get; }

    public SupportBotRetryOptions Retry { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public RateLimiter? Limiter { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public void Dispose() => _ownedLimiter?.Dispose();

    private ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = TimeProvider, Name = "SupportBot.Client" };

        if (IsFinite(Options.TotalTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "TotalTimeout",
                Timeout = AtLeastPollyMinimum(Options.TotalTimeout),
                OnTimeout = static args =>
                {
                    args.Context.Properties.Set(TotalTimedOutKey, true);
                    return default;
                },
            });
        }

        if (Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = Retry.BaseDelay,
                UseJitter = Retry.UseJitter,
                ShouldHandle = ShouldRetryAsync,
                DelayGenerator = static args =>
                    new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(RetryAfterKey, null)),
                OnRetry = OnRetryAsync,
            });
        }

        if (Retry.UseCircuitBreaker)
        {
            var cb = Options.CircuitBreaker ?? new SupportBotCircuitBreakerOptions();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "CircuitBreaker",
                FailureRatio = cb.FailureRatio,
                MinimumThroughput = cb.MinimumThroughput,
                SamplingDuration = cb.SamplingDuration,
                BreakDuration = cb.BreakDuration,
                ShouldHandle = static args => IsTransientFailureAsync(args.Outcome, args.Context),
            });
        }

        if (IsFinite(Options.AttemptTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = AtLeastPollyMinimum(Options.AttemptTimeout) });
        }

        return builder.Build();
    }

    private static bool IsFinite(TimeSpan timeout) => timeout > TimeSpan.Zero && timeout < TimeSpan.FromHours(24);

    /// <summary>Polly's timeout strategy accepts 10 ms at least.</summary>
    private static TimeSpan AtLeastPollyMinimum(TimeSpan timeout) => timeout < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : timeout;

    /// <summary>GET and HEAD are safe to repeat; anything else may already have been processed (a chat message counts against the quota).</summary>
    internal static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    /// <summary>Connection refused: the server cannot have seen the request.</summary>
    internal static bool IsConnectionRefused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A 429 whose body says the plan quota is exhausted (per the provider's profile). Buffers the body so the transport can still read it.</summary>
    internal static async ValueTask<bool> IsQuotaExhaustedAsync(HttpResponseMessage response, ResilienceContext context)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests
            || !context.Properties.TryGetValue(RequestKey, out var request)
            || !request.Options.TryGetValue(SupportBotRequestContext.Key, out var requestContext))
        {
            return false;
        }

        string text;
        try
        {
#if NET9_0_OR_GREATER
            await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
#else
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
#endif
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The body could not be read: the transport will report it; do not retry a request we cannot classify.
            return true;
        }

        var (error, details, code) = ErrorFactory.ParseBody(text);
        return requestContext.Profile.IsQuotaExhausted(new ProviderError(429, error, details, code, text, null, null));
    }

    private static async ValueTask<bool> IsTransientFailureAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        switch (outcome.Exception)
        {
            case HttpRequestException:
            case TimeoutRejectedException:
                return true;
            case not null:
                return false;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return status >= 500 || status == 408 || (status == 429 && !await IsQuotaExhaustedAsync(response, context).ConfigureAwait(false));
    }

    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var context = args.Context;
        context.Properties.Set(RetryAfterKey, null);
        if (context.CancellationToken.IsCancellationRequested || !context.Properties.TryGetValue(RequestKey, out var request))
        {
            return false;
        }

        var safe = IsSafe(request.Method);
        var unsafeAllowed = safe || Retry.RetryUnsafeRequests;
        switch (args.Outcome.Exception)
        {
            case TimeoutRejectedException:
                return unsafeAllowed;
            case HttpRequestException ex:
                return unsafeAllowed || IsConnectionRefused(ex);
            case not null:
                return false; // caller cancellation, broken circuit, anything else
        }

        var response = args.Outcome.Result!;
        var retry = (int)response.StatusCode switch
        {
            429 => !await IsQuotaExhaustedAsync(response, context).ConfigureAwait(false),
            503 => true,
            408 or 500 or 502 or 504 => unsafeAllowed,
            _ => false,
        };
        if (!retry)
        {
            return false;
        }

        if (HeaderParsing.RetryAfter(response.Headers, TimeProvider.GetUtcNow()) is { } retryAfter)
        {
            // Honoured only up to the cap and the remaining total budget; beyond that the caller gets the response at once.
            if (retryAfter > Retry.MaxRetryAfter || retryAfter >= RemainingBudget(context))
            {
                return false;
            }

            context.Properties.Set(RetryAfterKey, retryAfter);
        }

        return true;
    }

    private TimeSpan RemainingBudget(ResilienceContext context)
    {
        if (!IsFinite(Options.TotalTimeout) || !context.Properties.TryGetValue(StartedKey, out var started))
        {
            return TimeSpan.MaxValue;
        }

        return Options.TotalTimeout - TimeProvider.GetElapsedTime(started);
    }

    private ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
    {
        var reason = args.Outcome.Exception switch
        {
            TimeoutRejectedException => "attempt timeout",
            HttpRequestException ex when IsConnectionRefused(ex) => "connection refused",
            HttpRequestException ex => "connection error (" + ex.HttpRequestError + ")",
            { } ex => ex.GetType().Name,
            null => "HTTP " + ((int)args.Outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // The discarded response is ours to dispose.
        args.Outcome.Result?.Dispose();

        args.Context.Properties.TryGetValue(RequestKey, out var request);
        SupportBotRequestContext? requestContext = null;
        request?.Options.TryGetValue(SupportBotRequestContext.Key, out requestContext);
        var provider = requestContext?.Provider.ToString() ?? "unknown";
        SupportBotDiagnostics.Retries.Add(1, new TagList
        {
            { SupportBotDiagnostics.ProviderTag, provider },
            { SupportBotDiagnostics.OperationTag, requestContext?.Operation ?? "unknown" },
        });

        if (Logger.IsEnabled(LogLevel.Warning))
        {
            var method = request?.Method.Method ?? "?";
            var path = request?.RequestUri?.AbsolutePath ?? "?";
            if (requestContext is not null)
            {
                Log.Retrying(Logger, requestContext.Provider, method, path, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, reason);
            }
            else
            {
                ResilienceLog.Retrying(Logger, method, path, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, reason);
            }
        }

        return default;
    }
}

/// <summary>Retry event for requests that did not come from a SupportBot client (no provider known); same id as <see cref="Log.RetryingId"/>.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = Log.RetryingId, EventName = "SupportBotRetrying", Level = LogLevel.Warning,
        Message = "Retrying {Method} {Path} (retry {Attempt}) after {DelayMs:0} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, double delayMs, string reason);
}

using System.Diagnostics;
using System.Globalization;
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

namespace SupportBot.Client;

/// <summary>
/// The SDK's resilience strategies, defined once: used by <see cref="SupportBotResilienceHandler"/> for
/// <c>new SupportBotClient(options)</c> and, in dependency injection, by Microsoft.Extensions.Http.Resilience's
/// <c>AddResilienceHandler</c>. Outermost first: outcome mapping → client-side rate limiter → total timeout → retry →
/// circuit breaker → attempt timeout → response body (read, capped, under the attempt's clock).
/// </summary>
/// <remarks>
/// <para>
/// Retries: GET/HEAD on connection errors, attempt timeouts, 408, rate-limit 429, 500, 502, 503, 504. Other methods (a chat
/// message counts against the quota) only on connection refused, rate-limit 429 and 503, plus 408/500/502/504, other connection
/// errors and attempt timeouts when <see cref="SupportBotRetryOptions.RetryUnsafeRequests"/> is set. Never on a quota 429, other
/// 4xx, an unreadable or oversized body, or caller cancellation.
/// </para>
/// <para>
/// <c>Retry-After</c> (delta seconds, HTTP-date or <c>retry-after-ms</c>) replaces the backoff and is never undercut; one longer than
/// <see cref="SupportBotRetryOptions.MaxRetryAfter"/> or the remaining total budget returns the response at once, so the client throws
/// <see cref="SupportBotRateLimitException"/> with <see cref="SupportBotException.RetryAfter"/> set.
/// </para>
/// <para>
/// Attempt and total timeouts become <see cref="SupportBotException"/> with <see cref="SupportBotErrorCode.Timeout"/>; an open circuit
/// <see cref="SupportBotErrorCode.ServiceUnavailable"/>; a client-side limiter rejection <see cref="SupportBotRateLimitException"/>;
/// caller cancellation stays <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public static class SupportBotResilience
{
    /// <summary>
    /// The context property under which the request travels: the key Microsoft.Extensions.Http.Resilience's handler uses, so the
    /// same predicates run under both handlers.
    /// </summary>
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Resilience.Http.RequestMessage");

    private static readonly ResiliencePropertyKey<long> StartedKey = new("SupportBot.Started");
    private static readonly ResiliencePropertyKey<bool> TotalTimedOutKey = new("SupportBot.TotalTimedOut");
    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("SupportBot.RetryAfter");

    /// <summary>
    /// Adds the SDK's strategies to <paramref name="builder"/> (e.g. the builder of <c>AddResilienceHandler</c>) and sets its clock.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">Timeouts, retry, circuit breaker, client-side rate limit, clock, logger factory.</param>
    /// <param name="registerForDisposal">
    /// Receives what the strategies create and must be disposed with the pipeline (the client-side rate limiter built from
    /// <see cref="SupportBotResilienceOptions.ClientRateLimit"/>), e.g. <c>d =&gt; context.OnPipelineDisposed(d.Dispose)</c>.
    /// </param>
    /// <returns>The same builder.</returns>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddSupportBotStrategies(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, SupportBotResilienceOptions options, Action<IDisposable>? registerForDisposal = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var s = new Strategies(options);
        builder.TimeProvider = s.TimeProvider;
        builder.AddStrategy(_ => new OutcomeStrategy(s));

        var limiter = options.RateLimiter;
        if (limiter is null && options.ClientRateLimit is { } rl)
        {
            var owned = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = rl.PermitLimit,
                Window = rl.Window,
                QueueLimit = rl.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            registerForDisposal?.Invoke(owned);
            limiter = owned;
        }

        if (limiter is not null)
        {
            builder.AddStrategy(_ => new LimiterStrategy(limiter));
        }

        if (IsFinite(options.TotalTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "TotalTimeout",
                Timeout = AtLeastPollyMinimum(options.TotalTimeout),
                OnTimeout = static args =>
                {
                    args.Context.Properties.Set(TotalTimedOutKey, true);
                    return default;
                },
            });
        }

        if (s.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = s.Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = s.Retry.BaseDelay,
                UseJitter = s.Retry.UseJitter,
                ShouldHandle = s.ShouldRetryAsync,
                DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(RetryAfterKey, null)),
                OnRetry = s.OnRetryAsync,
            });
        }

        if (s.Retry.UseCircuitBreaker)
        {
            var cb = options.CircuitBreaker ?? new SupportBotCircuitBreakerOptions();
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

        if (IsFinite(options.AttemptTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = AtLeastPollyMinimum(options.AttemptTimeout) });
        }

        builder.AddStrategy(_ => new BodyStrategy());
        return builder;
    }

    /// <summary>Turns a Polly rejection into the SDK's exception (also used for a caller's own Polly handler).</summary>
    internal static SupportBotException Map(ExecutionRejectedException exception, SupportBotRequestContext? context, string? description, TimeSpan? budget = null, bool total = false)
    {
        var what = description ?? (context is null ? "The call" : $"{context.Provider} {context.Operation}");
        return exception switch
        {
            TimeoutRejectedException => new SupportBotException(
                budget is { } b
                    ? $"{what} timed out: the {(total ? "total" : "attempt")} timeout of {b.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s elapsed."
                    : $"{what} timed out.",
                SupportBotErrorCode.Timeout, exception)
            { Provider = context?.Provider, Operation = context?.Operation },
            BrokenCircuitException broken => new SupportBotException(
                $"{what} was not sent: the circuit breaker is open after repeated failures.", SupportBotErrorCode.ServiceUnavailable, exception)
            { Provider = context?.Provider, Operation = context?.Operation, RetryAfter = broken.RetryAfter },
            _ => new SupportBotRateLimitException($"{what} was rejected by a resilience strategy ({exception.GetType().Name}: {exception.Message})")
            { Provider = context?.Provider, Operation = context?.Operation },
        };
    }

    internal static SupportBotRequestContext? RequestContext(ResilienceContext context) => Exchange(context)?.Context;

    private static SupportBotExchange? Exchange(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) ? SupportBotExchange.Of(request) : null;

    private static string Describe(ResilienceContext context) =>
        RequestContext(context) is { } c ? $"{c.Provider} {c.Operation}"
        : context.Properties.TryGetValue(RequestKey, out var r) ? $"{r.Method} {r.RequestUri?.AbsolutePath}" : "The call";

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

    /// <summary>A 429 whose body says the plan quota is exhausted (per the provider's profile); the body strategy has read it already.</summary>
    internal static bool IsQuotaExhausted(HttpResponseMessage response, ResilienceContext context)
    {
        if ((int)response.StatusCode != 429 || RequestContext(context) is not { } requestContext)
        {
            return false;
        }

        if (response.Content is not BufferedBody body)
        {
            // The body was not read (not one of ours): do not retry a request we cannot classify.
            return true;
        }

        var (error, details, code) = body.Fields;
        return requestContext.Profile.IsQuotaExhausted(new ProviderError(429, error, details, code, null, null, null));
    }

    private static ValueTask<bool> IsTransientFailureAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        switch (outcome.Exception)
        {
            case HttpRequestException:
            case TimeoutRejectedException:
                return new(true);
            case not null:
                return new(false);
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return new(status >= 500 || status == 408 || (status == 429 && !IsQuotaExhausted(response, context)));
    }

    /// <summary>The predicates and callbacks, bound to one set of options.</summary>
    private sealed class Strategies(SupportBotResilienceOptions options)
    {
        public SupportBotResilienceOptions Options { get; } = options;

        public SupportBotRetryOptions Retry { get; } = options.Retry ?? new SupportBotRetryOptions();

        public TimeProvider TimeProvider { get; } = options.TimeProvider ?? TimeProvider.System;

        public ILogger Logger { get; } = (ILogger?)options.LoggerFactory?.CreateLogger("SupportBot.Client") ?? NullLogger.Instance;

        public ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
        {
            var context = args.Context;
            context.Properties.Set(RetryAfterKey, null);
            if (context.CancellationToken.IsCancellationRequested || !context.Properties.TryGetValue(RequestKey, out var request))
            {
                return new(false);
            }

            var unsafeAllowed = IsSafe(request.Method) || Retry.RetryUnsafeRequests;
            switch (args.Outcome.Exception)
            {
                case TimeoutRejectedException:
                    return new(unsafeAllowed);
                case HttpRequestException ex:
                    return new(unsafeAllowed || IsConnectionRefused(ex));
                case not null:
                    return new(false); // caller cancellation, broken circuit, unreadable or oversized body, anything else
            }

            var response = args.Outcome.Result!;
            var retry = (int)response.StatusCode switch
            {
                429 => !IsQuotaExhausted(response, context),
                503 => true,
                408 or 500 or 502 or 504 => unsafeAllowed,
                _ => false,
            };
            if (!retry)
            {
                return new(false);
            }

            if (HeaderParsing.RetryAfter(response.Headers, TimeProvider.GetUtcNow()) is { } retryAfter)
            {
                // Honoured only up to the cap and the remaining total budget; beyond that the caller gets the response at once.
                if (retryAfter > Retry.MaxRetryAfter || retryAfter >= RemainingBudget(context))
                {
                    return new(false);
                }

                context.Properties.Set(RetryAfterKey, retryAfter);
            }

            return new(true);
        }

        public ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
        {
            var reason = args.Outcome.Exception switch
            {
                TimeoutRejectedException => "attempt timeout",
                HttpRequestException ex when IsConnectionRefused(ex) => "connection refused",
                HttpRequestException ex => "connection error (" + ex.Reason() + ")",
                { } ex => ex.GetType().Name,
                null => "HTTP " + ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture),
            };

            // The discarded response is ours to dispose.
            args.Outcome.Result?.Dispose();

            args.Context.Properties.TryGetValue(RequestKey, out var request);
            var requestContext = RequestContext(args.Context);
            SupportBotDiagnostics.Retries.Add(1, new TagList
            {
                { SupportBotDiagnostics.ProviderTag, requestContext?.Provider.ToString() ?? "unknown" },
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

        private TimeSpan RemainingBudget(ResilienceContext context)
        {
            if (!IsFinite(Options.TotalTimeout) || !context.Properties.TryGetValue(StartedKey, out var started))
            {
                return TimeSpan.MaxValue;
            }

            return Options.TotalTimeout - TimeProvider.GetElapsedTime(started);
        }
    }

    /// <summary>Outermost: starts the budget clock and turns Polly's rejections into the SDK's exceptions.</summary>
    private sealed class OutcomeStrategy(Strategies strategies) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            context.Properties.Set(StartedKey, strategies.TimeProvider.GetTimestamp());
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            var cancelled = context.CancellationToken.IsCancellationRequested;
            switch (outcome.Exception)
            {
                case TimeoutRejectedException ex when !cancelled:
                    var total = context.Properties.GetValue(TotalTimedOutKey, false);
                    var budget = total ? strategies.Options.TotalTimeout : strategies.Options.AttemptTimeout;
                    return Outcome.FromException<HttpResponseMessage>(Map(ex, RequestContext(context), Describe(context), budget, total));
                case BrokenCircuitException ex:
                    return Outcome.FromException<HttpResponseMessage>(Map(ex, RequestContext(context), Describe(context)));
            }

            if (outcome.Result is { IsSuccessStatusCode: false } failed && cancelled)
            {
                // The caller gave up while a failed attempt was being judged: report the cancellation, not the failure.
                failed.Dispose();
                return Outcome.FromException<HttpResponseMessage>(new OperationCanceledException(context.CancellationToken));
            }

            return outcome;
        }
    }

    /// <summary>The client-side rate limiter: a rejected lease is a <see cref="SupportBotRateLimitException"/>, nothing is sent.</summary>
    private sealed class LimiterStrategy(RateLimiter limiter) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            RateLimitLease lease;
            try
            {
                lease = await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException ex)
            {
                return Outcome.FromException<HttpResponseMessage>(ex);
            }

            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? ra : null;
                    var requestContext = RequestContext(context);
                    return Outcome.FromException<HttpResponseMessage>(new SupportBotRateLimitException(
                        $"{Describe(context)} was rejected by the client-side rate limit" +
                        (retryAfter is { } r ? $"; retry after {r.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s." : "."))
                    {
                        Provider = requestContext?.Provider,
                        Operation = requestContext?.Operation,
                        RetryAfter = retryAfter,
                    });
                }

                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }
    }

    /// <summary>Innermost: reads the body (capped) inside the attempt, so the attempt and total timeouts cover headers and body.</summary>
    private sealed class BodyStrategy : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is not { } response)
            {
                return outcome;
            }

            try
            {
                await ResponseBody.LoadAsync(response, Exchange(context), context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                return outcome;
            }
            catch (Exception ex)
            {
                response.Dispose();
                return Outcome.FromException<HttpResponseMessage>(ex);
            }
        }
    }
}

/// <summary>Retry event for requests that did not come from a SupportBot client (no provider known); same id as <see cref="Internal.Log.RetryingId"/>.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = Log.RetryingId, EventName = "SupportBotRetrying", Level = LogLevel.Warning,
        Message = "Retrying {Method} {Path} (retry {Attempt}) after {DelayMs:0} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, double delayMs, string reason);
}

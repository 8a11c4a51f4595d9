using System.Globalization;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SupportBot.Client.Internal;
using SupportBot.Client.Resilience;

namespace SupportBot.Client;

/// <summary>
/// The SDK's resilience handler, shaped like the standard handler of Microsoft.Extensions.Http.Resilience:
/// client-side rate limiter → total timeout → retry → circuit breaker → attempt timeout.
/// </summary>
/// <remarks>
/// <para>
/// Retries: GET/HEAD on connection errors, attempt timeouts, 408, rate-limit 429, 500, 502, 503, 504. Other methods (a chat
/// message counts against the quota) only on connection refused, rate-limit 429 and 503, plus 408/500/502/504, other connection
/// errors and attempt timeouts when <see cref="SupportBotRetryOptions.RetryUnsafeRequests"/> is set. Never on a quota 429, other
/// 4xx, or caller cancellation.
/// </para>
/// <para>
/// <c>Retry-After</c> (delta seconds, HTTP-date or <c>retry-after-ms</c>) replaces the backoff and is never undercut; one longer than
/// <see cref="SupportBotRetryOptions.MaxRetryAfter"/> or the remaining total budget returns the response at once, so the client throws
/// <see cref="SupportBotRateLimitException"/> with <see cref="SupportBotException.RetryAfter"/> set.
/// </para>
/// <para>
/// Attempt and total timeouts throw <see cref="SupportBotException"/> with <see cref="SupportBotErrorCode.Timeout"/>; an open circuit
/// throws <see cref="SupportBotErrorCode.ServiceUnavailable"/>; a client-side limiter rejection throws
/// <see cref="SupportBotRateLimitException"/>; caller cancellation stays <see cref="OperationCanceledException"/>.
/// The <see cref="HttpClient.Timeout"/> above this handler should be infinite: the pipeline owns timing.
/// </para>
/// </remarks>
public sealed class SupportBotResilienceHandler : DelegatingHandler
{
    private readonly SupportBotResiliencePipeline _pipeline;
    private readonly bool _ownsPipeline;

    /// <summary>Creates the handler from client options (timeouts, retry, rate limit, clock, logger factory).</summary>
    /// <param name="options">The client options.</param>
    public SupportBotResilienceHandler(SupportBotClientOptions options)
        : this(SupportBotResilienceOptions.FromClientOptions(options))
    {
    }

    /// <summary>Creates the handler from resilience settings.</summary>
    /// <param name="options">The settings.</param>
    public SupportBotResilienceHandler(SupportBotResilienceOptions options)
        : this(new SupportBotResiliencePipeline(options), ownsPipeline: true)
    {
    }

    /// <summary>Creates a handler over a pipeline shared with other handlers (DI: one circuit per client name).</summary>
    internal SupportBotResilienceHandler(SupportBotResiliencePipeline pipeline, bool ownsPipeline)
    {
        _pipeline = pipeline;
        _ownsPipeline = ownsPipeline;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.TryGetValue(SupportBotRequestContext.Key, out var requestContext);

        if (_pipeline.Limiter is { } limiter)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? ra : null;
                throw new SupportBotRateLimitException(
                    $"{Describe(requestContext, request)} was rejected by the client-side rate limit" +
                    (retryAfter is { } r ? $"; retry after {r.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s." : "."))
                {
                    Provider = requestContext?.Provider,
                    Operation = requestContext?.Operation,
                    RetryAfter = retryAfter,
                };
            }
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(SupportBotResiliencePipeline.RequestKey, request);
            context.Properties.Set(SupportBotResiliencePipeline.StartedKey, _pipeline.TimeProvider.GetTimestamp());
            var response = await _pipeline.Pipeline.ExecuteAsync(
                static (ctx, state) => state.Handler.SendAttemptAsync(state.Request, ctx.CancellationToken),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && cancellationToken.IsCancellationRequested)
            {
                // The caller gave up while a failed attempt was being judged: report the cancellation, not the failure.
                response.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return response;
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var total = context.Properties.GetValue(SupportBotResiliencePipeline.TotalTimedOutKey, false);
            var budget = total ? _pipeline.Options.TotalTimeout : _pipeline.Options.AttemptTimeout;
            throw new SupportBotException(
                $"{Describe(requestContext, request)} timed out: the {(total ? "total" : "attempt")} timeout of {budget.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s elapsed.",
                SupportBotErrorCode.Timeout,
                ex)
            {
                Provider = requestContext?.Provider,
                Operation = requestContext?.Operation,
            };
        }
        catch (BrokenCircuitException ex)
        {
            throw new SupportBotException(
                $"{Describe(requestContext, request)} was not sent: the circuit breaker is open after repeated failures.",
                SupportBotErrorCode.ServiceUnavailable,
                ex)
            {
                Provider = requestContext?.Provider,
                Operation = requestContext?.Operation,
                RetryAfter = ex.RetryAfter,
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsPipeline)
        {
            _pipeline.Dispose();
        }

        base.Dispose(disposing);
    }

    private ValueTask<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        new(base.SendAsync(request, cancellationToken));

    private static string Describe(SupportBotRequestContext? context, HttpRequestMessage request) =>
        context is null ? $"{request.Method} {request.RequestUri?.AbsolutePath}" : $"{context.Provider} {context.Operation}";
}

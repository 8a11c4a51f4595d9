using Polly;
using SupportBot.Client.Internal;

namespace SupportBot.Client;

/// <summary>
/// Runs the SDK's resilience strategies (<see cref="SupportBotResilience.AddSupportBotStrategies"/>) around the inner handler —
/// what <c>new SupportBotClient(options)</c> sends through. With dependency injection the same strategies run in
/// Microsoft.Extensions.Http.Resilience's handler instead. The <see cref="HttpClient.Timeout"/> above this handler should be
/// infinite: the pipeline owns timing, and it reads the response body (capped) inside each attempt.
/// </summary>
public sealed class SupportBotResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the handler from client options (timeouts, retry, rate limit, clock, logger factory).</summary>
    /// <param name="options">The client options.</param>
    public SupportBotResilienceHandler(SupportBotClientOptions options)
        : this(SupportBotResilienceOptions.FromClientOptions(options))
    {
    }

    /// <summary>Creates the handler from resilience settings.</summary>
    /// <param name="options">The settings.</param>
    public SupportBotResilienceHandler(SupportBotResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "SupportBot.Client" }
            .AddSupportBotStrategies(options, _owned.Add)
            .Build();
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(SupportBotResilience.RequestKey, request);
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendAttemptAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _owned.ForEach(static d => d.Dispose());
            _owned.Clear();
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

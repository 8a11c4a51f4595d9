using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace SupportBot.Client.Internal;

/// <summary>
/// The one handler under every provider's Refit client. Refit declares the endpoint, builds the request and reads the JSON; this
/// handler adds what is ours: the auth header the options choose, the user agent and the request's exchange (which the resilience
/// pipeline reads), then sends through the caller's stack. It makes sure the body was read in full, within <c>MaxResponseBytes</c>
/// and under a clock, and records the <see cref="SupportBotException"/> an error status calls for; the transport throws it.
/// </summary>
internal sealed class ProviderHttpHandler : HttpMessageHandler
{
    private static readonly RequestOption<string> MethodNameKey = new(HttpRequestMessageOptions.MethodName);
    private static readonly string SdkUserAgent = "SupportBot.Client/" + (typeof(ProviderHttpHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private readonly ProviderTransport _transport;
    private readonly HttpMessageInvoker? _pipeline;
    private readonly HttpClient? _httpClient;
    private readonly string _userAgent;
    private readonly KeyValuePair<string, string>? _auth;
    private readonly ConcurrentDictionary<string, SupportBotRequestContext> _contexts = new(StringComparer.Ordinal);

    /// <summary>Sends through a handler chain (the SDK's own, or the one IHttpClientFactory built): no copy of the request.</summary>
    public ProviderHttpHandler(ProviderTransport transport, HttpMessageHandler pipeline)
        : this(transport) => _pipeline = new HttpMessageInvoker(pipeline, disposeHandler: false);

    /// <summary>Sends through an <see cref="HttpClient"/> the caller manages (a copy of each request, since a request is sent once per client).</summary>
    public ProviderHttpHandler(ProviderTransport transport, HttpClient httpClient)
        : this(transport) => _httpClient = httpClient;

    private ProviderHttpHandler(ProviderTransport transport)
    {
        _transport = transport;
        var options = transport.Options;
        _userAgent = options.ApplicationId is { Length: > 0 } app ? $"{SdkUserAgent} {app}" : SdkUserAgent;
        _auth = transport.Profile.AuthHeader(options.ApiKey, options.AuthHeader);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = Context(request);
        var exchange = new SupportBotExchange(context);
        SupportBotExchange.Key.Set(request, exchange);
        if (request.Content is ByteArrayContent { Headers: { ContentType: null, ContentLength: 0 } })
        {
            // Refit gives a DELETE an empty body; the documents send none.
            request.Content = null;
        }

        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (_auth is { } auth)
        {
            request.Headers.TryAddWithoutValidation(auth.Key, auth.Value);
        }

        if (_transport.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.Sending(_transport.Logger, context.Provider, context.Operation, request.Method.Method, request.RequestUri!.AbsolutePath);
        }

        var response = await ForwardAsync(request, context, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!exchange.BodyRead)
            {
                await ReadBodyAsync(response, exchange, cancellationToken).ConfigureAwait(false);
            }

            if (!response.IsSuccessStatusCode)
            {
                exchange.Error = _transport.HttpError(response, (BufferedBody)response.Content, context.Operation);
            }
            else
            {
                // In memory already: a copy for RawJson, the content stays for Refit to read.
                exchange.Body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The operation's context, made once: the operation is the Refit method's name without <c>Async</c>.</summary>
    private SupportBotRequestContext Context(HttpRequestMessage request)
    {
        var method = MethodNameKey.TryGet(request, out var name) && name is { Length: > 0 } ? name : request.Method.Method;
        return _contexts.TryGetValue(method, out var context)
            ? context
            : _contexts.GetOrAdd(method, static (m, t) => new SupportBotRequestContext(
                t.Provider, m.EndsWith("Async", StringComparison.Ordinal) ? m[..^5] : m, t.Profile, t.Options.MaxResponseBytes), _transport);
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, SupportBotRequestContext context, CancellationToken cancellationToken)
    {
        try
        {
            return _pipeline is not null
                ? await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false)
                : await _httpClient!.SendAsync(Copy(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout or a handler's timeout, not the caller.
            throw new SupportBotException($"{context.Provider} {context.Operation} timed out.", SupportBotErrorCode.Timeout, ex)
            { Provider = context.Provider, Operation = context.Operation };
        }
        catch (HttpRequestException ex)
        {
            throw new SupportBotException(
                $"{context.Provider} {context.Operation} could not reach {_transport.BaseAddress.Host}: {ex.Reason()} ({ErrorFactory.Redact(ex.Message, _transport.Options.ApiKey)}).",
                SupportBotErrorCode.Network, ex)
            { Provider = context.Provider, Operation = context.Operation };
        }
        catch (ExecutionRejectedException ex)
        {
            // A Polly pipeline of the caller's own (the SDK's maps these itself).
            throw SupportBotResilience.Map(ex, context, description: null);
        }
    }

    /// <summary>The caller's own stack did not read the body: read it here, capped, under <see cref="SupportBotClientOptions.Timeout"/>.</summary>
    private async Task ReadBodyAsync(HttpResponseMessage response, SupportBotExchange exchange, CancellationToken cancellationToken)
    {
        #if NET
        if (response.Content is ByteArrayContent or ReadOnlyMemoryContent)
#else
        if (response.Content is ByteArrayContent)
#endif
        {
            // Already in memory (a stub or a handler that buffered it): nothing can trickle, no clock needed.
            await ResponseBody.LoadAsync(response, exchange, cancellationToken).ConfigureAwait(false);
            return;
        }

        var context = exchange.Context;
        var timeout = _transport.Options.Timeout;
        using var clock = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan
            ? _transport.Options.TimeProvider.CancelAfter(timeout)
            : null;
        using var linked = clock is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clock.Token);
        try
        {
            await ResponseBody.LoadAsync(response, exchange, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new SupportBotException(
                $"{context.Provider} {context.Operation} timed out while reading the response: the timeout of {timeout.TotalSeconds:0.###} s elapsed.",
                SupportBotErrorCode.Timeout, ex)
            { Provider = context.Provider, Operation = context.Operation, StatusCode = (int)response.StatusCode };
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
#if NET
            VersionPolicy = request.VersionPolicy,
#endif
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // Only what the handlers below read (the exchange); Refit's own entries are for Refit.
        if (SupportBotExchange.Of(request) is { } exchange)
        {
            SupportBotExchange.Key.Set(copy, exchange);
        }

        return copy;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }

        base.Dispose(disposing);
    }
}

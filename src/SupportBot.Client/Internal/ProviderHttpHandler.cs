using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace SupportBot.Client.Internal;

/// <summary>
/// The one handler under every provider's Refit client. Refit declares the endpoint, builds the request and reads the JSON; this
/// handler adds what is ours: the auth header the options choose, the user agent and the request context the resilience pipeline
/// reads, then sends through the caller's stack and hands Refit a body that was read in full, within <c>MaxResponseBytes</c> and
/// under a clock — or throws the <see cref="SupportBotException"/> the status calls for, so Refit never sees an error response.
/// </summary>
internal sealed class ProviderHttpHandler : HttpMessageHandler
{
    /// <summary>Where the read body travels back to <see cref="ProviderTransport"/> (for <c>RawJson</c>).</summary>
    public static readonly HttpRequestOptionsKey<BufferedBody> BodyKey = new("SupportBot.Client.Body");

    private static readonly HttpRequestOptionsKey<string> MethodNameKey = new(HttpRequestMessageOptions.MethodName);
    private static readonly ProductInfoHeaderValue SdkUserAgent = new("SupportBot.Client", typeof(ProviderHttpHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private readonly ProviderTransport _transport;
    private readonly HttpMessageInvoker? _pipeline;
    private readonly HttpClient? _httpClient;
    private readonly ProductInfoHeaderValue? _appUserAgent;

    /// <summary>Sends through a handler chain the SDK built (its resilience pipeline reads the body under the attempt clock).</summary>
    public ProviderHttpHandler(ProviderTransport transport, HttpMessageHandler pipeline)
        : this(transport) => _pipeline = new HttpMessageInvoker(pipeline, disposeHandler: false);

    /// <summary>Sends through an <see cref="HttpClient"/> the caller manages (a copy of each request, since a request is sent once per client).</summary>
    public ProviderHttpHandler(ProviderTransport transport, HttpClient httpClient)
        : this(transport) => _httpClient = httpClient;

    private ProviderHttpHandler(ProviderTransport transport)
    {
        _transport = transport;
        _appUserAgent = transport.Options.ApplicationId is { Length: > 0 } app && ProductInfoHeaderValue.TryParse(app, out var ua) ? ua : null;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = _transport.Options;
        var operation = Operation(request);
        var context = new SupportBotRequestContext(_transport.Provider, operation, _transport.Profile, options.MaxResponseBytes);
        request.Options.Set(SupportBotRequestContext.Key, context);
        if (request.Content is ByteArrayContent { Headers: { ContentType: null, ContentLength: 0 } })
        {
            // Refit gives a DELETE an empty body; the documents send none.
            request.Content = null;
        }

        request.Headers.UserAgent.Add(SdkUserAgent);
        if (_appUserAgent is not null)
        {
            request.Headers.UserAgent.Add(_appUserAgent);
        }

        _transport.Profile.ApplyAuth(request.Headers, options.ApiKey, options.AuthHeader);
        if (_transport.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.Sending(_transport.Logger, _transport.Provider, operation, request.Method.Method, request.RequestUri!.AbsolutePath);
        }

        var response = await ForwardAsync(request, context, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = response.Content as BufferedBody ?? await ReadBodyAsync(response, context, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw _transport.HttpError(response, body, operation);
            }

            request.Options.Set(BodyKey, body);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The operation is the Refit method's name without <c>Async</c> (<c>ChatAsync</c> → <c>Chat</c>).</summary>
    private static string Operation(HttpRequestMessage request) =>
        request.Options.TryGetValue(MethodNameKey, out var name) && name is { Length: > 0 }
            ? name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : name
            : request.Method.Method;

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
                $"{context.Provider} {context.Operation} could not reach {_transport.BaseAddress.Host}: {ex.HttpRequestError} ({ErrorFactory.Redact(ex.Message, _transport.Options.ApiKey)}).",
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
    private async Task<BufferedBody> ReadBodyAsync(HttpResponseMessage response, SupportBotRequestContext context, CancellationToken cancellationToken)
    {
        var timeout = _transport.Options.Timeout;
        using var clock = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource(timeout, _transport.Options.TimeProvider)
            : null;
        using var linked = clock is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clock.Token);
        try
        {
            return await ResponseBody.LoadAsync(response, context, linked?.Token ?? cancellationToken).ConfigureAwait(false);
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
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
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

/// <summary>Travels with each request so the resilience pipeline knows the provider, operation, 429 meaning and body cap.</summary>
internal sealed record SupportBotRequestContext(SupportBotProvider Provider, string Operation, ProviderProfile Profile, int MaxResponseBytes)
{
    public static readonly HttpRequestOptionsKey<SupportBotRequestContext> Key = new("SupportBot.Client.RequestContext");
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SupportBot.Client.Internal;

/// <summary>
/// Sends one provider request: auth, JSON through the provider's source-generated context, response and error
/// mapping, logs, span and duration metric. Every native client goes through here.
/// </summary>
internal sealed class ProviderTransport
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue SdkUserAgent = new("SupportBot.Client", typeof(ProviderTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ProductInfoHeaderValue? _appUserAgent;

    public ProviderTransport(HttpClient httpClient, SupportBotClientOptions options, SupportBotProvider provider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        OptionsValidation.ThrowIfInvalid(Options, provider);
        Profile = ProviderProfile.For(provider);
        _http = httpClient;
        BaseAddress = WithTrailingSlash(Options.BaseAddress ?? Profile.DefaultBaseAddress!);
        _logger = (ILogger?)Options.LoggerFactory?.CreateLogger("SupportBot.Client") ?? NullLogger.Instance;
        _appUserAgent = Options.ApplicationId is { Length: > 0 } app && ProductInfoHeaderValue.TryParse(app, out var ua) ? ua : null;
    }

    public SupportBotClientOptions Options { get; }

    public ProviderProfile Profile { get; }

    public SupportBotProvider Provider => Profile.Provider;

    public Uri BaseAddress { get; }

    public ILogger Logger => _logger;

    public Task<SupportBotResponse<TResponse>> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, string operation, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, JsonSerializer.SerializeToUtf8Bytes(body, requestType), responseType, operation, cancellationToken);

    public Task<SupportBotResponse<TResponse>> SendAsync<TResponse>(
        HttpMethod method, string path, JsonTypeInfo<TResponse> responseType, string operation, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, null, responseType, operation, cancellationToken);

    /// <summary>Builds the exception for an error the provider signalled inside a 2xx body (e.g. Asyntai <c>success:false</c>).</summary>
    public SupportBotException ErrorFromBody(int statusCode, string? error, string? rawBody, string operation, string? requestId) =>
        ErrorFactory.Create(Profile, new ProviderError(statusCode, error, null, null, rawBody, null, requestId), operation, Options.ApiKey);

    public SupportBotException InvalidResponse<T>(SupportBotResponse<T> response, string operation, string problem) =>
        ErrorFactory.InvalidResponse(Provider, operation, response.StatusCode, problem, response.RawJson, Options.ApiKey, response.RequestId);

    private async Task<SupportBotResponse<T>> SendCoreAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> responseType, string operation, CancellationToken cancellationToken)
    {
        using var activity = SupportBotDiagnostics.ActivitySource.StartActivity($"supportbot {operation}", ActivityKind.Client);
        activity?.SetTag(SupportBotDiagnostics.ProviderTag, Provider.ToString());
        activity?.SetTag(SupportBotDiagnostics.OperationTag, operation);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        SupportBotErrorCode? failure = null;
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.Add(SdkUserAgent);
            if (_appUserAgent is not null)
            {
                request.Headers.UserAgent.Add(_appUserAgent);
            }

            Profile.ApplyAuth(request.Headers, Options.ApiKey, Options.AuthHeader);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonMediaType } };
            }

            request.Options.Set(SupportBotRequestContext.Key, new SupportBotRequestContext(Provider, operation, Profile));
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.Sending(_logger, Provider, operation, method.Method, request.RequestUri!.AbsolutePath);
            }

            using var response = await SendHttpAsync(request, operation, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            activity?.SetTag(SupportBotDiagnostics.StatusTag, status);
            var bytes = await ReadBodyAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var now = Options.TimeProvider.GetUtcNow();
            var requestId = HeaderParsing.RequestId(response.Headers);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.Received(_logger, Provider, operation, status.Value, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (!response.IsSuccessStatusCode)
            {
                var text = Encoding.UTF8.GetString(bytes);
                var (error, details, code) = ErrorFactory.ParseBody(text);
                var retryAfter = HeaderParsing.RetryAfter(response.Headers, now);
                throw ErrorFactory.Create(Profile, new ProviderError(status.Value, error, details, code, text, retryAfter, requestId), operation, Options.ApiKey);
            }

            if (bytes.Length == 0)
            {
                throw ErrorFactory.InvalidResponse(Provider, operation, status.Value, "the body is empty.", string.Empty, Options.ApiKey, requestId);
            }

            T? value;
            try
            {
                value = JsonSerializer.Deserialize(bytes, responseType);
            }
            catch (JsonException ex)
            {
                throw ErrorFactory.InvalidResponse(Provider, operation, status.Value, $"the body is not the expected JSON ({ex.Message}).", Encoding.UTF8.GetString(bytes), Options.ApiKey, requestId, ex);
            }
            catch (NotSupportedException ex)
            {
                throw ErrorFactory.InvalidResponse(Provider, operation, status.Value, "the body is not the expected JSON.", Encoding.UTF8.GetString(bytes), Options.ApiKey, requestId, ex);
            }

            if (value is null)
            {
                throw ErrorFactory.InvalidResponse(Provider, operation, status.Value, "the body is JSON null.", "null", Options.ApiKey, requestId);
            }

            return new SupportBotResponse<T>(value, status.Value)
            {
                RequestId = requestId,
                QuotaWarning = HeaderParsing.QuotaWarning(response.Headers),
                RateLimit = HeaderParsing.RateLimit(response.Headers, now),
                RawUtf8 = bytes,
            };
        }
        catch (SupportBotException ex)
        {
            failure = ex.ErrorCode;
            status ??= ex.StatusCode;
            if (ex.ErrorCode == SupportBotErrorCode.RateLimited)
            {
                SupportBotDiagnostics.RateLimited.Add(1, new KeyValuePair<string, object?>(SupportBotDiagnostics.ProviderTag, Provider.ToString()));
            }
            else if (ex.ErrorCode == SupportBotErrorCode.QuotaExceeded)
            {
                SupportBotDiagnostics.QuotaExceeded.Add(1, new KeyValuePair<string, object?>(SupportBotDiagnostics.ProviderTag, Provider.ToString()));
            }

            activity?.SetStatus(ActivityStatusCode.Error, ex.ErrorCode.ToString());
            activity?.SetTag(SupportBotDiagnostics.ErrorTag, ex.ErrorCode.ToString());
            Log.Failed(_logger, Provider, operation, ex.ErrorCode, status);
            throw;
        }
        catch (OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "Canceled");
            activity?.SetTag(SupportBotDiagnostics.ErrorTag, "Canceled");
            throw;
        }
        finally
        {
            var tags = new TagList
            {
                { SupportBotDiagnostics.ProviderTag, Provider.ToString() },
                { SupportBotDiagnostics.OperationTag, operation },
                { SupportBotDiagnostics.OutcomeTag, failure?.ToString() ?? (cancellationToken.IsCancellationRequested ? "Canceled" : "Success") },
            };
            if (status is { } s)
            {
                tags.Add(SupportBotDiagnostics.StatusTag, s);
            }

            SupportBotDiagnostics.RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private async Task<HttpResponseMessage> SendHttpAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout or a handler's timeout, not the caller.
            throw new SupportBotException($"{Provider} {operation} timed out.", SupportBotErrorCode.Timeout, ex) { Provider = Provider, Operation = operation };
        }
        catch (HttpRequestException ex)
        {
            throw new SupportBotException(
                $"{Provider} {operation} could not reach {BaseAddress.Host}: {ex.HttpRequestError} ({ErrorFactory.Redact(ex.Message, Options.ApiKey)}).",
                SupportBotErrorCode.Network, ex)
            { Provider = Provider, Operation = operation };
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new SupportBotException($"{Provider} {operation} timed out while reading the response.", SupportBotErrorCode.Timeout, ex)
            { Provider = Provider, Operation = operation, StatusCode = (int)response.StatusCode };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The connection dropped mid-body: a truncated response.
            throw new SupportBotException($"{Provider} {operation}: the connection closed before the response body was complete.", SupportBotErrorCode.InvalidResponse, ex)
            { Provider = Provider, Operation = operation, StatusCode = (int)response.StatusCode };
        }
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>Escapes a path segment or query value.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>Formats an integer for a query string.</summary>
    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Travels with each request so delegating handlers (resilience) know the provider, operation and 429 meaning.</summary>
internal sealed record SupportBotRequestContext(SupportBotProvider Provider, string Operation, ProviderProfile Profile)
{
    public static readonly HttpRequestOptionsKey<SupportBotRequestContext> Key = new("SupportBot.Client.RequestContext");
}

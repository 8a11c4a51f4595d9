using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace SupportBot.Client.Internal;

/// <summary>
/// One provider's connection: the options, the base address, the Refit settings over the provider's source-generated JSON context,
/// and <see cref="SendAsync{T}"/>, which runs one Refit call with its span, logs and metrics and turns what Refit returns into a
/// <see cref="SupportBotResponse{T}"/> (headers that tell about limits, the raw body) or a <see cref="SupportBotException"/>.
/// </summary>
internal sealed partial class ProviderTransport
{
    /// <summary>Tells Refit not to read an error body the handler already turned into an exception; never thrown.</summary>
    private static readonly Exception HandledError = new InvalidOperationException("handled by SupportBot.Client");

    private readonly HttpClient _refitHttp;

    /// <summary>A transport over an <see cref="HttpClient"/> the caller manages.</summary>
    public ProviderTransport(HttpClient httpClient, SupportBotClientOptions options, SupportBotProvider provider)
        : this(options, provider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _refitHttp = CreateRefitHttp(new ProviderHttpHandler(this, httpClient));
    }

    /// <summary>A transport over a handler chain the SDK built (<see cref="SupportBotHttp.CreatePipeline"/>).</summary>
    public ProviderTransport(HttpMessageHandler pipeline, SupportBotClientOptions options, SupportBotProvider provider)
        : this(options, provider)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _refitHttp = CreateRefitHttp(new ProviderHttpHandler(this, pipeline));
    }

    private ProviderTransport(SupportBotClientOptions options, SupportBotProvider provider)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        OptionsValidation.ThrowIfInvalid(Options, provider);
        Profile = ProviderRegistry.For(provider);
        BaseAddress = WithTrailingSlash(Options.BaseAddress ?? Profile.DefaultBaseAddress!);
        Logger = (ILogger?)Options.LoggerFactory?.CreateLogger("SupportBot.Client") ?? NullLogger.Instance;
        _refitHttp = null!;
    }

    public SupportBotClientOptions Options { get; }

    public ProviderProfile Profile { get; }

    public SupportBotProvider Provider => Profile.Provider;

    public Uri BaseAddress { get; }

    public ILogger Logger { get; }

    /// <summary>Creates the provider's Refit client: requests and responses through <paramref name="jsonContext"/> only.</summary>
    public TApi CreateApi<TApi>(JsonSerializerContext jsonContext)
    {
#if NET
        var settings = RefitSettings.ForJsonContext(jsonContext);
#else
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(jsonContext.Options));
#endif

        // Request bodies are buffered (Content-Length, and a retry can send them again).
        settings.Buffered = true;

        // The handler throws SupportBotException for transport failures; Refit passes it through unchanged.
        settings.TransportExceptionFactory = static (_, exception, _) => exception;

        // An error status was turned into its SupportBotException by the handler and is thrown by SendAsync, once: Refit only
        // needs to know not to read the body. The marker is never thrown.
        settings.ExceptionFactory = static response => SupportBotExchange.Of(response.RequestMessage)?.Error is null ? default : new(HandledError);

        // A 2xx body that is not the expected JSON: InvalidResponse (recorded, and thrown by SendAsync), never a JsonException.
        settings.DeserializationExceptionFactory = (response, exception) =>
        {
            var exchange = SupportBotExchange.Of(response.RequestMessage);
            var error = NotTheExpectedJson(response, exchange, exception);
            if (exchange is null)
            {
                return new(error);
            }

            exchange.Error = error;
            return default;
        };
        return RestService.ForGenerated<TApi>(_refitHttp, settings);
    }

    /// <summary>Runs one Refit call: span, logs, duration metric, limit headers and raw body; failures as <see cref="SupportBotException"/>.</summary>
    /// <param name="operation">The operation's name (the Refit method's, without <c>Async</c>).</param>
    /// <param name="call">The Refit call.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="whenEmpty">
    /// For operations whose success may carry no body (a queued write answered 202 or 204 with nothing): the value to return then.
    /// Without it an empty body is <see cref="SupportBotErrorCode.InvalidResponse"/>.
    /// </param>
    /// <param name="chat">
    /// For a chat operation: marks it a GenAI <c>chat</c> (OpenTelemetry GenAI semantic conventions on the span and in
    /// <c>gen_ai.client.operation.duration</c>) and adds what the answer tells (conversation id, token usage) to the span.
    /// </param>
    public async Task<SupportBotResponse<T>> SendAsync<T>(
        string operation, Func<CancellationToken, Task<IApiResponse<T>>> call, CancellationToken cancellationToken, Func<T>? whenEmpty = null,
        Action<Activity, T>? chat = null)
    {
        using var activity = SupportBotDiagnostics.ActivitySource.StartActivity($"supportbot {operation}", ActivityKind.Client);
        activity?.SetTag(SupportBotDiagnostics.ProviderTag, Provider.ToString());
        activity?.SetTag(SupportBotDiagnostics.OperationTag, operation);
        if (chat is not null)
        {
            activity?.SetTag(SupportBotDiagnostics.GenAiOperationName, "chat");
            activity?.SetTag(SupportBotDiagnostics.GenAiProviderName, SupportBotDiagnostics.GenAiProvider(Provider));
        }

        var started = Stopwatch.GetTimestamp();
        int? status = null;
        SupportBotErrorCode? failure = null;
        try
        {
            if (chat is not null && Options.QuotaStop is { } quotaStop)
            {
                await ThrowIfQuotaStoppedAsync(quotaStop, operation, cancellationToken).ConfigureAwait(false);
            }

            using var response = await call(cancellationToken).ConfigureAwait(false);
            var code = response.StatusCode is { } sc ? (int)sc : 0;
            status = code;
            activity?.SetTag(SupportBotDiagnostics.StatusTag, code);
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Log.Received(Logger, Provider, operation, code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var exchange = SupportBotExchange.Of(response.RequestMessage);
            if (exchange?.Error is { } failed)
            {
                throw failed;
            }

            var headers = response.Headers;
            var requestId = headers is null ? null : HeaderParsing.RequestId(headers);
            if (response.Error is { } error || headers is null || exchange is null)
            {
                // Not expected (the handler and the factories above record every failure), but never let Refit's exception out.
                throw ErrorFactory.InvalidResponse(Provider, operation, code, response.Error?.Message ?? "no response.", null, Options.ApiKey, requestId, response.Error);
            }

            var body = exchange.Body;
            var value = response.Content;
            if (value is null && whenEmpty is not null && body is null or { Length: 0 })
            {
                value = whenEmpty();
            }

            if (value is null)
            {
                throw ErrorFactory.InvalidResponse(Provider, operation, code, body is null or { Length: 0 } ? "the body is empty." : "the body is JSON null.",
                    Text(body) ?? string.Empty, Options.ApiKey, requestId);
            }

            if (chat is not null && activity is not null)
            {
                chat(activity, value!);
            }

            var now = Options.TimeProvider.GetUtcNow();
            return new SupportBotResponse<T>(value!, code)
            {
                RequestId = requestId,
                QuotaWarning = HeaderParsing.QuotaWarning(headers),
                RateLimit = HeaderParsing.RateLimit(headers, now),
                RawUtf8 = body,
            };
        }
        catch (SupportBotException ex)
        {
            failure = ex.ErrorCode;
            status ??= ex.StatusCode;
            if (status is { } failedStatus)
            {
                activity?.SetTag(SupportBotDiagnostics.StatusTag, failedStatus);
            }

            if (ex.ErrorCode == SupportBotErrorCode.RateLimited)
            {
                SupportBotDiagnostics.RateLimited.Add(1, new KeyValuePair<string, object?>(SupportBotDiagnostics.ProviderTag, Provider.ToString()));
            }
            else if (ex.ErrorCode == SupportBotErrorCode.QuotaExceeded)
            {
                SupportBotDiagnostics.QuotaExceeded.Add(1, new KeyValuePair<string, object?>(SupportBotDiagnostics.ProviderTag, Provider.ToString()));
                if (ex is SupportBotQuotaExceededException { StatusCode: not null } quota && Options.QuotaStop is { } quotaStop)
                {
                    // The provider said so (not a stop already in force): every client sharing the stop learns it.
                    await TripQuotaStopAsync(quotaStop, quota, operation).ConfigureAwait(false);
                }
            }

            activity?.SetStatus(ActivityStatusCode.Error, ex.ErrorCode.ToString());
            activity?.SetTag(SupportBotDiagnostics.ErrorTag, ex.ErrorCode.ToString());
            Log.Failed(Logger, Provider, operation, ex.ErrorCode, status);
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

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            SupportBotDiagnostics.RequestDuration.Record(elapsed, tags);
            if (chat is not null)
            {
                var genAi = new TagList
                {
                    { SupportBotDiagnostics.GenAiOperationName, "chat" },
                    { SupportBotDiagnostics.GenAiProviderName, SupportBotDiagnostics.GenAiProvider(Provider) },
                };
                if (failure is { } f)
                {
                    genAi.Add(SupportBotDiagnostics.ErrorTag, f.ToString());
                }

                SupportBotDiagnostics.GenAiOperationDuration.Record(elapsed, genAi);
            }
        }
    }

    /// <summary>The exception for an error status (called by <see cref="ProviderHttpHandler"/> with the capped body).</summary>
    public SupportBotException HttpError(HttpResponseMessage response, BufferedBody body, string operation)
    {
        var text = Encoding.UTF8.GetString(body.Memory.Span);
        var (error, details, code) = body.Fields;
        var now = Options.TimeProvider.GetUtcNow();
        var headers = response.Headers;
        return ErrorFactory.Create(
            Profile,
            new ProviderError((int)response.StatusCode, error, details, code, text, HeaderParsing.RetryAfter(headers, now), HeaderParsing.RequestId(headers),
                HeaderParsing.QuotaWarning(headers), HeaderParsing.RateLimit(headers, now), ErrorFactory.WithoutSecrets(response.RequestMessage?.RequestUri)),
            operation,
            Options.ApiKey);
    }

    /// <summary>Builds the exception for an error the provider signalled inside a 2xx body (e.g. Asyntai <c>success:false</c>).</summary>
    public SupportBotException ErrorFromBody(int statusCode, string? error, string? rawBody, string operation, string? requestId) =>
        ErrorFactory.Create(Profile, new ProviderError(statusCode, error, null, null, rawBody, null, requestId), operation, Options.ApiKey);

    public SupportBotException InvalidResponse<T>(SupportBotResponse<T> response, string operation, string problem) =>
        ErrorFactory.InvalidResponse(Provider, operation, response.StatusCode, problem, response.RawJson, Options.ApiKey, response.RequestId);

    private SupportBotException NotTheExpectedJson(HttpResponseMessage response, SupportBotExchange? exchange, Exception exception)
    {
        var problem = exception is JsonException json ? $"the body is not the expected JSON ({json.Message})." : "the body is not the expected JSON.";

        // The handler kept the body's bytes: their first part goes into ResponseBody.
        return ErrorFactory.InvalidResponse(Provider, exchange?.Context.Operation ?? "call", (int)response.StatusCode, problem, Text(exchange?.Body),
            Options.ApiKey, HeaderParsing.RequestId(response.Headers), exception);
    }

    /// <summary>At most what <see cref="SupportBotException.ResponseBody"/> keeps, decoded; never the whole of a large body.</summary>
    private static string? Text(byte[]? body) =>
        body is null ? null : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, ResponseBody.MaxErrorBodyBytes)));

    private HttpClient CreateRefitHttp(ProviderHttpHandler handler) =>
        new(handler, disposeHandler: true) { BaseAddress = BaseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>Sets <c>gen_ai.conversation.id</c> on a chat span.</summary>
    public static void ConversationOnSpan(Activity activity, string? conversationId)
    {
        if (!string.IsNullOrEmpty(conversationId))
        {
            activity.SetTag(SupportBotDiagnostics.GenAiConversationId, conversationId);
        }
    }

    /// <summary>Formats an integer the way the providers write ids.</summary>
    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

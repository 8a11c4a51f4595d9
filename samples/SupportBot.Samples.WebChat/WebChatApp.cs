using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Samples.WebChat;

/// <summary>
/// The web chat sample: a static chat page plus <c>POST /api/chat</c>, a backend proxy to an <see cref="ISupportBotClient"/>.
/// The API key stays on the server; the browser only ever talks to this app.
/// </summary>
public static class WebChatApp
{
    /// <summary>The longest message the proxy forwards (characters).</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>The connection string an Aspire AppHost hands this app (<c>ConnectionStrings:supportbot</c>).</summary>
    public const string AspireConnectionName = "supportbot";

    /// <summary>The Redis connection string an Aspire AppHost hands this app's replicas (<c>ConnectionStrings:redis</c>).</summary>
    public const string AspireRedisConnectionName = "redis";

    private const string RateLimitPolicy = "chat";

    /// <summary>
    /// Builds the app (not started). Without <c>--use-config</c> it starts the embedded reference mock server and points
    /// the client at it; the mock server is disposed with the app. Pass <c>--urls http://127.0.0.1:0</c> for a free port
    /// and read it back with <see cref="GetBaseAddress"/> after <c>StartAsync</c>.
    /// </summary>
    /// <param name="args">Command-line arguments (<c>--use-config</c>, <c>--urls</c>, <c>--SupportBot:Provider=Asyntai</c>, …).</param>
    /// <param name="configure">Optional last word on the builder (tests: extra configuration, logging).</param>
    /// <param name="cancellationToken">Cancels starting the mock server.</param>
    /// <returns>The built application.</returns>
    public static async Task<WebApplication> CreateAppAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);

        // appsettings.json is read from the app's folder, so the sample works from any working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Started by an Aspire AppHost (samples/SupportBot.Samples.AppHost): the connection string it handed over wins.
        var fromAspire = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(AspireConnectionName));

        SupportBotMockServer? mock = null;
        if (!fromAspire && !args.Contains("--use-config"))
        {
            mock = await SupportBotMockServer.StartAsync(cancellationToken: cancellationToken);
            var provider = builder.Configuration.GetValue("SupportBot:Provider", SupportBotProvider.AgentApi);
            var demo = mock.CreateOptions(provider);
            builder.Configuration["SupportBot:Provider"] = provider.ToString();
            builder.Configuration["SupportBot:BaseAddress"] = demo.BaseAddress!.ToString();
            builder.Configuration["SupportBot:ApiKey"] = demo.ApiKey;
            builder.Configuration["SupportBot:DefaultBotId"] = demo.DefaultBotId;

            // Created by a factory, so the container owns it and disposes it with the app.
            builder.Services.AddSingleton(_ => mock);
        }

        try
        {
            // /health: the same diagnosis as `supportbot doctor` (key, bot, quota, latency, contract drift), read-only calls,
            // cached for 5 minutes so a probe every few seconds does not spend the provider's quota or rate limit.
            if (fromAspire)
            {
                // SupportBot.Aspire.Client: the client from ConnectionStrings:supportbot, its health check, traces and metrics.
                var client = builder.AddSupportBotClient(AspireConnectionName);

                // Several replicas: the conversation store (and quota stop) in the Redis the AppHost referenced
                // (ConnectionStrings:redis), so a conversation started on one replica continues on another.
                if (builder.Configuration.GetConnectionString(AspireRedisConnectionName) is { Length: > 0 } redis)
                {
                    client.AddSupportBotRedis(redis);
                }
            }
            else
            {
                builder.Services.AddSupportBotClient(builder.Configuration.GetSection("SupportBot"));
                builder.Services.AddHealthChecks().AddSupportBot();
            }

            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebChatJsonContext.Default));

            var permitsPerMinute = builder.Configuration.GetValue("WebChat:PermitsPerMinute", 30);
            builder.Services.AddRateLimiter(limiter =>
            {
                limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
                limiter.OnRejected = async (context, token) =>
                {
                    var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                    context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    await context.HttpContext.Response.WriteAsJsonAsync(
                        new ChatError("Too many messages. Please wait a moment and try again."), WebChatJsonContext.Default.ChatError, cancellationToken: token);
                };
            });

            configure?.Invoke(builder);

            var app = builder.Build();
            if (mock is not null)
            {
                _ = app.Services.GetRequiredService<SupportBotMockServer>();
            }

            var files = new EmbeddedFileProvider(typeof(WebChatApp).Assembly, "SupportBot.Samples.WebChat.wwwroot");
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.UseRateLimiter();

            app.MapPost("/api/chat", ChatEndpoint.HandleAsync).RequireRateLimiting(RateLimitPolicy);
            app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
            return app;
        }
        catch
        {
            if (mock is not null)
            {
                await mock.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The address the started app listens on, e.g. <c>http://127.0.0.1:41235/</c> (with a trailing slash).</summary>
    /// <param name="app">A started app.</param>
    /// <returns>The first bound address.</returns>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? app.Urls;
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The app is not listening yet; call StartAsync first.");
        return new Uri(first.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
    }
}

/// <summary><c>POST /api/chat</c>: validates, forwards to the support bot, maps SDK errors to HTTP without leaking details.</summary>
internal static partial class ChatEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, ISupportBotClient client, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("SupportBot.Samples.WebChat.Chat");
        if (!request.HasJsonContentType())
        {
            // Also keeps other sites from posting here with a plain form: JSON needs a CORS preflight this app never grants.
            return Error(StatusCodes.Status415UnsupportedMediaType, "Send the message as application/json.");
        }

        ChatApiRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(WebChatJsonContext.Default.ChatApiRequest, cancellationToken);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
        }

        var message = body?.Message?.Trim();
        if (string.IsNullOrEmpty(message))
        {
            return Error(StatusCodes.Status400BadRequest, "Please type a message.");
        }

        if (message.Length > WebChatApp.MaxMessageLength)
        {
            return Error(StatusCodes.Status400BadRequest, $"Messages are limited to {WebChatApp.MaxMessageLength} characters.");
        }

        var conversationId = string.IsNullOrWhiteSpace(body!.ConversationId) ? null : body.ConversationId.Trim();
        try
        {
            var reply = await client.ChatAsync(new ChatRequest(message) { ConversationId = conversationId }, cancellationToken);
            return Results.Json(
                new ChatApiResponse(
                    reply.RequiresEscalation ? string.Empty : reply.Text, // an escalated reply's text is never shown as an answer
                    reply.ConversationId,
                    reply.RequiresEscalation,
                    [.. reply.Sources.Select(s => new ChatApiSource(s.Title ?? s.DocumentId, s.DocumentId))],
                    reply.Confidence),
                WebChatJsonContext.Default.ChatApiResponse);
        }
        catch (SupportBotValidationException ex)
        {
            // The SDK rejected the request before sending it. Only a message problem is the user's to fix; anything else
            // (bot id, key format, base address) is this server's configuration.
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.ParameterName);
            return string.Equals(ex.ParameterName, "Message", StringComparison.Ordinal)
                ? Error(StatusCodes.Status400BadRequest, "The message was rejected. Please rephrase it.")
                : Error(StatusCodes.Status502BadGateway, "The support assistant is not configured correctly. Please try again later.");
        }
        catch (SupportBotRateLimitException ex)
        {
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status429TooManyRequests, "The support assistant is busy. Please try again in a moment.", ex.RetryAfter ?? TimeSpan.FromSeconds(30));
        }
        catch (SupportBotQuotaExceededException ex)
        {
            // Not retryable soon: the plan's quota is exhausted until it resets or is upgraded. No Retry-After is known.
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status429TooManyRequests, "The support assistant has reached its message limit. Please contact us another way.", ex.RetryAfter);
        }
        catch (SupportBotAuthenticationException ex)
        {
            // A wrong, revoked or under-scoped key is a server configuration problem: say so, never how.
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status502BadGateway, "The support assistant is not configured correctly. Please try again later.");
        }
        catch (SupportBotException ex) when (ex.ErrorCode == SupportBotErrorCode.NotFound && conversationId is not null)
        {
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status404NotFound, "This conversation has ended. Please start a new one.");
        }
        catch (SupportBotException ex) when (ex.ErrorCode is SupportBotErrorCode.ServiceUnavailable or SupportBotErrorCode.Timeout or SupportBotErrorCode.Network)
        {
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status503ServiceUnavailable, "The support assistant is unavailable right now. Please try again in a moment.", ex.RetryAfter);
        }
        catch (SupportBotException ex)
        {
            LogFailure(logger, ex.ErrorCode, ex.StatusCode, ex.Provider?.ToString());
            return Error(StatusCodes.Status502BadGateway, "The support assistant could not answer. Please try again later.");
        }
    }

    private static IResult Error(int status, string error, TimeSpan? retryAfter = null) =>
        new ErrorResult(status, new ChatError(error), retryAfter);

    // Logs the normalized code only: exception messages and bodies stay out of this sample's logs and responses.
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Support bot call failed: {ErrorCode} (status {StatusCode}, {Detail})")]
    private static partial void LogFailure(ILogger logger, SupportBotErrorCode errorCode, int? statusCode, string? detail);

    private sealed class ErrorResult(int status, ChatError error, TimeSpan? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is { } wait)
            {
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsJsonAsync(error, WebChatJsonContext.Default.ChatError, cancellationToken: httpContext.RequestAborted);
        }
    }
}

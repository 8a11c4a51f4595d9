using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Client;
using SupportBot.MockServer.Providers;

namespace SupportBot.MockServer;

/// <summary>
/// The reference mock server: Kestrel on <c>127.0.0.1</c> serving all five providers at once, each under its own
/// path prefix (<see cref="BaseAddressFor"/>), with the real services' paths, headers, bodies and status codes.
/// Stateful (keys, quotas, windows, conversations, knowledge), deterministic, thread-safe, with fault injection
/// (<see cref="Faults"/>) and a request journal (<see cref="Journal"/>).
/// </summary>
public sealed class SupportBotMockServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MockState _state;
    private int _disposed;

    private SupportBotMockServer(WebApplication app, MockState state, Uri baseAddress, SupportBotMockServerOptions options)
    {
        Journal = new MockJournal(options.JournalCapacity);
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        Options = options;
    }

    /// <summary>The root address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options the server started with.</summary>
    public SupportBotMockServerOptions Options { get; }

    /// <summary>Injected faults for the next requests.</summary>
    public MockFaults Faults { get; } = new();

    /// <summary>Every request received, secrets masked.</summary>
    public MockJournal Journal { get; }

    /// <summary>The seed the server started from (and returns to on <see cref="Reset"/>).</summary>
    public MockSeed Seed => _state.Seed.Clone();

    /// <summary>The state, for this assembly's tests.</summary>
    internal MockState State => _state;

    /// <summary>AgentApi knowledge-base jobs queued and not yet run.</summary>
    public int PendingJobs => _state.PendingJobs;

    /// <summary>The path prefix of a provider, e.g. <c>asyntai/api/v1/</c>.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The prefix, without a leading slash, with a trailing one.</returns>
    public static string PrefixFor(SupportBotProvider provider) => ProviderRegistry.For(provider).Prefix;

    /// <summary>Starts a server.</summary>
    /// <param name="options">Port, seed, clock; defaults to a free port and the demo seed.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<SupportBotMockServer> StartAsync(SupportBotMockServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SupportBotMockServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConversationCapacity, 1, nameof(options.ConversationCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MessagesPerConversation, 2, nameof(options.MessagesPerConversation));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GapCapacity, 1, nameof(options.GapCapacity));
        var seed = options.Seed ?? (options.SeedFile is { } file ? MockSeed.Load(file) : MockSeed.Demo);
        var state = new MockState(seed, options.TimeProvider, options.EscalationThreshold, options.KnowledgeJobDelay,
            new StoreLimits(options.ConversationCapacity, options.MessagesPerConversation, options.GapCapacity));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SupportBotMockServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (options.EnableConsoleLogging)
        {
            builder.Logging.AddSimpleConsole();
        }

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{options.Host}:{options.Port}"));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });
        var app = builder.Build();

        SupportBotMockServer? server = null;
        // The RequestDelegate overload of Use: no per-request closure around next.
        app.Use(next => context => server!.HandleAsync(context, next));
        MapRoutes(app, state);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var root = new Uri(address.EndsWith('/') ? address : address + "/");
        server = new SupportBotMockServer(app, state, root, options);
        return server;
    }

    /// <summary>Starts a server and keeps it running until <paramref name="cancellationToken"/> is cancelled (the standalone host).</summary>
    /// <param name="options">Port, seed, clock.</param>
    /// <param name="onStarted">Called once the server listens, e.g. to print its addresses.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public static async Task RunAsync(SupportBotMockServerOptions? options = null, Action<SupportBotMockServer>? onStarted = null, CancellationToken cancellationToken = default)
    {
        var server = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            onStarted?.Invoke(server);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The base address a client of <paramref name="provider"/> uses, e.g. <c>http://127.0.0.1:5080/asyntai/api/v1/</c>.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The address, with a trailing slash.</returns>
    public Uri BaseAddressFor(SupportBotProvider provider) => new(BaseAddress, PrefixFor(provider));

    /// <summary>Client options for <paramref name="provider"/>: the seed's first usable key, this server's address and the default bot.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>New options; change them freely.</returns>
    public SupportBotClientOptions CreateOptions(SupportBotProvider provider)
    {
        lock (_state.Gate)
        {
            return new SupportBotClientOptions
            {
                Provider = provider,
                ApiKey = _state.DefaultKey(provider)?.Key,
                BaseAddress = BaseAddressFor(provider),
                DefaultBotId = ProviderRegistry.For(provider).DefaultBotId(_state, _state.DefaultKey(provider)),
            };
        }
    }

    /// <summary>A <see cref="SupportBotClient"/> configured for this server (see <see cref="CreateOptions"/>).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="configure">Changes the options before the client is built (e.g. another key, no retries).</param>
    /// <returns>The client; dispose it when done.</returns>
    public SupportBotClient CreateClient(SupportBotProvider provider, Action<SupportBotClientOptions>? configure = null)
    {
        var options = CreateOptions(provider);
        configure?.Invoke(options);
        return new SupportBotClient(options);
    }

    /// <summary>Back to the seed: keys, quotas, windows, conversations, knowledge; clears faults, journal and AI switches.</summary>
    public void Reset()
    {
        _state.Reset();
        Faults.Clear();
        Journal.Clear();
    }

    /// <summary>Switches a provider's "AI" on or off; off answers 503 with the provider's own body.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="available">False for 503.</param>
    public void SetAiAvailable(SupportBotProvider provider, bool available) => _state.SetAiAvailable(provider, available);

    /// <summary>How many chats (queries) an account has used this period (what its quota counts), or null for an unknown account.</summary>
    /// <param name="accountId">The seed's account id.</param>
    /// <returns>The count, including the seed's <see cref="MockAccount.QuotaUsed"/>.</returns>
    public long? AccountUsage(string accountId)
    {
        lock (_state.Gate)
        {
            return _state.Account(accountId)?.Used;
        }
    }

    /// <summary>Runs every queued AgentApi knowledge-base job now, due or not.</summary>
    /// <returns>How many jobs ran.</returns>
    public int RunQueuedJobs()
    {
        lock (_state.Gate)
        {
            return _state.RunJobs(all: true);
        }
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var (endpoints, relative) = ProviderRegistry.Classify(path);
        var provider = endpoints?.Provider;
        var call = new MockCall(context, endpoints, relative, Journal, _state.Now);
        context.Features.Set(call);
        try
        {
            call.Body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Over MaxRequestBodySize (413) or a malformed body framing (400): the provider's error shape, journaled.
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Options.MaxRequestBodySize ?? 0;
            var reply = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? endpoints?.TooLarge(limit) ?? Reply.Error(413, "Request body too large")
                : endpoints?.InvalidBody() ?? Reply.Error(400, "Bad request");
            await reply.WriteAsync(context).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away mid-body: nobody to answer.
            call.Record(0);
            context.Abort();
            return;
        }

        var fault = Faults.Take(provider, request.Method, relative);
        if (fault is not null)
        {
            call.Fault = fault.Kind;
            if (fault.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    call.Record(0);
                    return;
                }
            }

            switch (fault.Kind)
            {
                case MockFaultKind.Delay:
                    break;
                case MockFaultKind.DropConnection:
                    call.Record(0);
                    context.Abort();
                    return;
                case MockFaultKind.Status:
                    call.Record(fault.StatusCode ?? 503);
                    await WriteFaultAsync(context, fault, fault.StatusCode ?? 503, fault.Body, () => FaultReply(endpoints, fault.StatusCode ?? 503)).ConfigureAwait(false);
                    return;
                case MockFaultKind.MalformedBody:
                    call.Record(fault.StatusCode ?? 200);
                    await WriteFaultAsync(context, fault, fault.StatusCode ?? 200, fault.Body ?? endpoints?.MalformedBody ?? """{"response": "The reset link is sent to your registered""").ConfigureAwait(false);
                    return;
                case MockFaultKind.TruncatedBody:
                    {
                        var full = Encoding.UTF8.GetBytes(fault.Body ?? endpoints?.ValidBody ?? """{"response":"The reset link is sent to your registered email within a minute and is valid for 60 minutes."}""");
                        call.Record(fault.StatusCode ?? 200);
                        context.Response.StatusCode = fault.StatusCode ?? 200;
                        context.Response.ContentType = fault.ContentType ?? "application/json; charset=utf-8";
                        context.Response.ContentLength = full.Length;
                        AddHeaders(context, fault);
                        await context.Response.Body.WriteAsync(full.AsMemory(0, full.Length / 2), context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

                        // Returning with fewer bytes than Content-Length makes Kestrel close the connection after
                        // the flushed half has gone out; an immediate Abort could discard it before it is written.
                        return;
                    }
            }
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            call.Record(StatusCodes.Status500InternalServerError);
            throw;
        }

        // Every normal answer is journaled by Reply.WriteAsync before it starts; this catches anything else.
        call.Record(context.Response.StatusCode);
    }

    /// <summary>The whole request body; Kestrel enforces <see cref="SupportBotMockServerOptions.MaxRequestBodySize"/> while it is read.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and < 1024 * 1024)
        {
            if (length == 0)
            {
                return [];
            }

            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static void AddHeaders(HttpContext context, MockFault fault)
    {
        if (fault.Headers is null)
        {
            return;
        }

        foreach (var (name, value) in fault.Headers)
        {
            context.Response.Headers[name] = value;
        }
    }

    private static Reply FaultReply(ProviderEndpoints? endpoints, int status) =>
        endpoints?.Fault(status) ?? Reply.Error(status, StatusText.For(status).Text);

    private static Task WriteFaultAsync(HttpContext context, MockFault fault, int status, string? body, Func<Reply> defaultBody) =>
        WriteFaultAsync(context, fault, status, body ?? Encoding.UTF8.GetString(defaultBody().Body));

    private static async Task WriteFaultAsync(HttpContext context, MockFault fault, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        AddHeaders(context, fault);
        context.Response.ContentType = fault.ContentType ?? "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static void MapRoutes(WebApplication app, MockState state)
    {
        foreach (var provider in ProviderRegistry.All)
        {
            provider.Map(app, state);
        }

        OpenApiDocuments.Map(app);

        app.MapFallback(context =>
        {
            var (provider, _) = ProviderRegistry.Classify(context.Request.Path.Value ?? "/");
            return (provider?.NotFound() ?? Reply.Error(404, "Not found")).WriteAsync(context);
        });
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

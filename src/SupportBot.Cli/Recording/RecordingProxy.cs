using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Client.Testing.Recording;

namespace SupportBot.Cli.Recording;

/// <summary>
/// The local proxy of <c>supportbot record</c>: Kestrel on 127.0.0.1 forwards each request to the upstream through a
/// <see cref="SupportBotRecordingHandler"/>, which writes the exchange, scrubbed, before the answer goes back to the app.
/// Our own Kestrel rather than WireMock.Net's proxy-and-record: WireMock.Net writes its mappings itself, with no hook
/// between the exchange and the file (so a key in a query, an echoed body or a response header reached the disk), and
/// in its own mapping format rather than the WireMock.org one of <c>contracts/</c>.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    /// <summary>Request headers that belong to one hop, or that the proxy sets itself (the upstream's host, decompression).</summary>
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Expect",
        "Accept-Encoding", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private RecordingProxy(WebApplication app, HttpClient client, SupportBotRecordingHandler handler, Uri address)
    {
        _app = app;
        _client = client;
        Handler = handler;
        Address = address;
    }

    /// <summary>Where the app points its BaseAddress: <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The recording handler (its files).</summary>
    public SupportBotRecordingHandler Handler { get; }

    /// <summary>Starts the proxy on 127.0.0.1:<paramref name="port"/> (0 = a free port).</summary>
    /// <param name="options">What to record, from where, to where.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="onExchange">Called after each exchange (method, relative path, status, saved mapping file or the failure).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<RecordingProxy> StartAsync(SupportBotRecordingOptions options, int port, Action<string>? onExchange, CancellationToken cancellationToken)
    {
        var handler = new SupportBotRecordingHandler(options, new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
        });
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var upstream = options.Upstream!.AbsoluteUri;
        app.Run(context => ForwardAsync(context, client, handler, upstream, onExchange));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RecordingProxy(app, client, handler, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Stops accepting, lets the exchanges in flight finish (each is saved as it completes), and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient client, SupportBotRecordingHandler handler, string upstream, Action<string>? onExchange)
    {
        var request = context.Request;
        var relative = request.Path.ToUriComponent().TrimStart('/');
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), upstream + relative + request.QueryString.ToUriComponent());
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (body.Length > 0 || request.ContentLength is not null || request.Headers.ContainsKey("Content-Type"))
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The path is not printed as it came: it may carry a secret. The saved file's name carries the scrubbed one.
        var line = request.Method;
        var before = handler.RecordedFiles.Count;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or NotSupportedException)
        {
            // Nothing was recorded: say so to the app (502) and on the console; the message never holds a header or body.
            onExchange?.Invoke($"{line} → not recorded: {ex.Message}");
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(
                System.Text.Json.JsonSerializer.Serialize(new ProxyError($"supportbot record could not forward the {line} request to {upstream}: {ex.Message}"), RecordJsonContext.Default.ProxyError),
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            var files = handler.RecordedFiles;
            onExchange?.Invoke($"{line} → {(int)response.StatusCode}  saved {(files.Count > before ? Path.GetFileName(files[^1]) : "(nothing)")}");
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            {
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers.Append(name, values.ToArray());
                }
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

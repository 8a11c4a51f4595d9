using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Extensions.Tests.Resilience;

/// <summary>
/// Real sockets: a server answering 302/307 towards a second local listener on another host name. The SDK must not follow
/// (SocketsHttpHandler would strip only Authorization, so X-API-Key would travel), and must surface the 3xx as an error.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private const string Key = "ask_redirect_secret_0123";
    private WebApplication _target = null!;
    private WebApplication _redirector = null!;
    private int _targetHits;
    private Uri _targetUri = null!;
    private Uri _redirectorUri = null!;

    public async Task InitializeAsync()
    {
        _target = Build(app => app.Run(ctx =>
        {
            Interlocked.Increment(ref _targetHits);
            ctx.Response.StatusCode = 200;
            return ctx.Response.WriteAsync("""{"response":"stolen","requiresEscalation":false}""");
        }));
        await _target.StartAsync();
        _targetUri = Address(_target);

        _redirector = Build(app => app.Run(ctx =>
        {
            var status = ctx.Request.Query.ContainsKey("temporary") || ctx.Request.Path.Value!.Contains("307", StringComparison.Ordinal) ? 307 : 302;
            ctx.Response.StatusCode = status;

            // Another host name for the same machine: "localhost" instead of 127.0.0.1.
            ctx.Response.Headers.Location = new Uri(new Uri($"http://localhost:{_targetUri.Port}/"), ctx.Request.Path.Value!.TrimStart('/')).ToString();
            return Task.CompletedTask;
        }));
        await _redirector.StartAsync();
        _redirectorUri = Address(_redirector);
    }

    public async Task DisposeAsync()
    {
        await _redirector.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Theory]
    [InlineData("api302/", 302)]
    [InlineData("api307/", 307)]
    public async Task Sdk_owned_client_does_not_follow_a_redirect_to_another_host(string path, int status)
    {
        using var client = new SupportBotClient(new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AISupportBot,
            ApiKey = Key,
            DefaultBotId = "assistant-1",
            BaseAddress = new Uri(_redirectorUri, path),
        });

        var act = () => client.ChatAsync("hello");

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.StatusCode.Should().Be(status);
        ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
        ex.Message.Should().NotContain(Key);
        Volatile.Read(ref _targetHits).Should().Be(0, "the key must not be sent to the redirect target");
    }

    [Fact]
    public async Task Di_client_does_not_follow_a_redirect_to_another_host()
    {
        var services = new ServiceCollection();
        services.AddSupportBotClient(o =>
        {
            o.Provider = SupportBotProvider.AISupportBot;
            o.ApiKey = Key;
            o.DefaultBotId = "assistant-1";
            o.BaseAddress = new Uri(_redirectorUri, "api307/");
        });
        await using var sp = services.BuildServiceProvider();

        var act = () => sp.GetRequiredService<ISupportBotClient>().ChatAsync(new ChatRequest("hello"));

        (await act.Should().ThrowAsync<SupportBotException>()).Which.StatusCode.Should().Be(307);
        Volatile.Read(ref _targetHits).Should().Be(0);
    }

    [Fact]
    public async Task Sdk_owned_client_has_the_resilience_pipeline()
    {
        var hits = 0;
        await using var flaky = Build(app => app.Run(ctx =>
        {
            if (Interlocked.Increment(ref hits) == 1)
            {
                ctx.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            ctx.Response.StatusCode = 200;
            return ctx.Response.WriteAsync("""{"response":"ok","requiresEscalation":false}""");
        }));
        await flaky.StartAsync();
        using var client = new SupportBotClient(new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AISupportBot,
            ApiKey = Key,
            DefaultBotId = "assistant-1",
            BaseAddress = Address(flaky),
            Retry = new SupportBotRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
        });

        var reply = await client.ChatAsync("hello");

        reply.Text.Should().Be("ok");
        Volatile.Read(ref hits).Should().Be(2, "the 503 on a POST is retried by the handler the SDK put in its own HttpClient");
    }

    [Fact]
    public async Task Connection_refused_on_a_real_socket_is_retried_then_surfaces_as_Network()
    {
        // A port that was just free: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var retries = new MetricCollector<long>(meterScope: null, "SupportBot.Client", "supportbot.client.retries");
        using var client = new SupportBotClient(new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AskIA,
            DefaultBotId = "bot-1",
            BaseAddress = new Uri($"http://127.0.0.1:{port}/api/"),
            Retry = new SupportBotRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2 },
        });

        var act = () => client.ChatAsync("hello");

        (await act.Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.Network);
        retries.GetMeasurementSnapshot().Where(m => Equals(m.Tags["supportbot.provider"], "AskIA")).Sum(m => m.Value).Should().BeGreaterThanOrEqualTo(2, "connection refused is retried even for POST");
    }

    private static WebApplication Build(Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        configure(app);
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
}

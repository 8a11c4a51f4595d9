using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Client.Extensions.Tests.Resilience;

/// <summary>
/// Through dependency injection the body is read by the SDK's strategies inside Microsoft.Extensions.Http.Resilience's
/// handler: a trickling body ends as Timeout within the total timeout, and an oversized one is refused at the cap.
/// </summary>
public sealed class BoundedBodyTests
{
    [Fact]
    public async Task A_trickling_body_ends_as_Timeout_within_the_total_timeout_through_DI()
    {
        await using var server = await TrickleServer.StartAsync(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"u8.ToArray(), ct);
            for (var i = 0; i < 1000; i++)
            {
                await Task.Delay(500, ct);
                await stream.WriteAsync("{"u8.ToArray(), ct);
            }
        });
        using var sp = Services(server.BaseAddress, o => o.Timeout = o.AttemptTimeout = TimeSpan.FromSeconds(2));
        var client = sp.GetRequiredService<ISupportBotClient>();

        var watch = Stopwatch.StartNew();
        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>();

        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.Timeout);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "a hang guard: 2 s of budget against a body of 500 s");
    }

    [Fact]
    public async Task An_oversized_body_is_ResponseTooLarge_through_DI()
    {
        var filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        await using var server = await TrickleServer.StartAsync(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), ct);
            var header = Encoding.ASCII.GetBytes($"{filler.Length:X}\r\n");
            for (var i = 0; i < 64; i++)
            {
                await stream.WriteAsync(header, ct);
                await stream.WriteAsync(filler, ct);
                await stream.WriteAsync("\r\n"u8.ToArray(), ct);
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        });
        using var sp = Services(server.BaseAddress, o => o.MaxResponseBytes = 1024 * 1024);
        var client = sp.GetRequiredService<ISupportBotClient>();

        var ex = await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("hi"))).Should().ThrowAsync<SupportBotException>();

        ex.Which.ErrorCode.Should().Be(SupportBotErrorCode.ResponseTooLarge);
        ex.Which.Message.Should().Contain("MaxResponseBytes (1048576 bytes)");
    }

    private static ServiceProvider Services(Uri baseAddress, Action<SupportBotClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSupportBotClient(o =>
        {
            o.Provider = SupportBotProvider.AgentApi;
            o.ApiKey = "sk_test_0123456789";
            o.BaseAddress = baseAddress;
            o.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
            configure(o);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Reads one request's head and body, then lets the test write what it wants on the socket.</summary>
    private sealed class TrickleServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public static Task<TrickleServer> StartAsync(Func<Stream, CancellationToken, Task> respond)
        {
            var server = new TrickleServer();
            server._listener.Start();
            server._loop = Task.Run(async () =>
            {
                try
                {
                    #if NET
                    using var socket = await server._listener.AcceptTcpClientAsync(server._stop.Token);
#else
                    using var socket = await server._listener.AcceptTcpClientAsync(); // .NET Framework: Stop() ends the wait
#endif
                    var stream = socket.GetStream();
                    var head = new StringBuilder();
                    var one = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, server._stop.Token) == 1)
                    {
                        head.Append((char)one[0]);
                    }

                    var length = head.ToString().Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    await stream.ReadExactlyAsync(new byte[length], server._stop.Token);
                    await respond(stream, server._stop.Token);
                }
                catch (Exception)
                {
                    // The client gave up (as it should); nothing to do.
                }
            });
            return Task.FromResult(server);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}

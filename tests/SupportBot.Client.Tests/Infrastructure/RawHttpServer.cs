using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Client.Tests.Infrastructure;

/// <summary>
/// A hostile HTTP/1.1 server on a loopback port: reads each request (headers and Content-Length body), then lets the test
/// write whatever it wants on the socket — trickling bodies, huge chunked bodies, lying Content-Length. One connection at a time.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Stream, CancellationToken, Task> _respond;
    private readonly Task _loop;

    public RawHttpServer(Func<Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Bytes of response body the test's responder managed to write before the client went away.</summary>
    public long BodyBytesWritten;

    public int Requests;

    /// <summary>Headers, then <paramref name="chunk"/> chunked-encoded <paramref name="count"/> times (or until the client leaves).</summary>
    public static Func<Stream, CancellationToken, Task> Chunked(int status, byte[] chunk, int count, TimeSpan delay = default) => async (stream, ct) =>
    {
        await WriteAsync(stream, $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", ct);
        var header = Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n");
        var crlf = "\r\n"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, ct);
            }

            await stream.WriteAsync(header, ct);
            await stream.WriteAsync(chunk, ct);
            await stream.WriteAsync(crlf, ct);
        }

        await WriteAsync(stream, "0\r\n\r\n", ct);
    };

    /// <summary>Headers with a <c>Content-Length</c>, then <paramref name="body"/> repeated until that length is sent.</summary>
    public static Func<Stream, CancellationToken, Task> Sized(int status, long contentLength, byte[] body) => async (stream, ct) =>
    {
        await WriteAsync(stream, $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n", ct);
        for (long sent = 0; sent < contentLength;)
        {
            var n = (int)Math.Min(body.Length, contentLength - sent);
            await stream.WriteAsync(body.AsMemory(0, n), ct);
            sent += n;
        }
    };

    public static Task WriteAsync(Stream stream, string text, CancellationToken ct) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                #if NET
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
#else
                client = await _listener.AcceptTcpClientAsync(); // .NET Framework: Stop() ends the wait
#endif
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = new CountingStream(client.GetStream(), this);
                    try
                    {
                        await ReadRequestAsync(stream, _stop.Token);
                        Interlocked.Increment(ref Requests);
                        await _respond(stream, _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client went away (as it should when it gives up); nothing to do.
                    }
                }
            });
        }
    }

    private static async Task ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new EndOfStreamException();
            }

            head.Append((char)one[0]);
        }

        var length = head.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Counts what the responder writes after the headers went out (roughly: all writes).</summary>
    private sealed class CountingStream(Stream inner, RawHttpServer owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref owner.BodyBytesWritten, count);
        }

        // The array overloads exist on every framework (.NET's Memory overloads call them for array-backed buffers).
        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(buffer, offset, count, cancellationToken);
            Interlocked.Add(ref owner.BodyBytesWritten, count);
        }
    }
}

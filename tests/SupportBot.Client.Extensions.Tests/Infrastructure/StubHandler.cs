using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Client.Extensions.Tests.Infrastructure;

/// <summary>A scripted transport: each call takes the next step (the last one repeats) and is recorded with the fake time.</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _steps = [];
    private readonly TimeProvider _time;

    private readonly HashSet<object> _hanging = new(ByReference.Instance);

    public StubHandler(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        (time as DrivenTimeProvider)?.AddParkingProbe(() =>
        {
            lock (_gate)
            {
                return [.. _hanging];
            }
        });
    }

    public List<RecordedCall> Calls { get; } = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Calls.Count;
            }
        }
    }

    public StubHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step)
    {
        _steps.Add(step);
        return this;
    }

    public StubHandler ThenRespond(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers) =>
        Then((_, _) => Task.FromResult(Response(status, body, headers)));

    public StubHandler ThenRespond(int status, string? body = null, params (string Name, string Value)[] headers) =>
        ThenRespond((HttpStatusCode)status, body, headers);

    public StubHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Never answers; ends only when the attempt's token is cancelled.</summary>
    public StubHandler ThenHang() => Then(async (_, ct) =>
    {
        var call = new object();
        lock (_gate)
        {
            _hanging.Add(call);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _hanging.Remove(call);
            }
        }

        throw new InvalidOperationException("unreachable");
    });

    public static HttpResponseMessage Response(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

#if NET
    public static HttpRequestException ConnectionRefused() =>
        new(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));

    public static HttpRequestException ConnectionReset() =>
        new(HttpRequestError.ConnectionError, "Connection reset by peer", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
#else
    // .NET Framework's HttpClientHandler wraps the socket error in a WebException.
    public static HttpRequestException ConnectionRefused() =>
        new("Connection refused (127.0.0.1:9)", new System.Net.WebException("Connection refused", new SocketException((int)SocketError.ConnectionRefused), System.Net.WebExceptionStatus.ConnectFailure, null));

    public static HttpRequestException ConnectionReset() =>
        new("Connection reset by peer", new System.Net.WebException("reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), System.Net.WebExceptionStatus.ReceiveFailure, null));
#endif

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step;
        lock (_gate)
        {
            Calls.Add(new RecordedCall(_time.GetUtcNow(), request.Method, request.RequestUri!,
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
            if (_steps.Count == 0)
            {
                throw new InvalidOperationException("No scripted response.");
            }

            step = _steps[Math.Min(Calls.Count - 1, _steps.Count - 1)];
        }

        return step(request, cancellationToken);
    }
}

public sealed record RecordedCall(DateTimeOffset At, HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);

using System.Net;
using System.Text;

namespace SupportBot.Client.Tests.Infrastructure;

/// <summary>A request as it went on the wire.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body, string? ContentType)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>A stub transport: records every request and answers from a script (or a default responder).</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    public RecordedRequest Single => _requests.Should().ContainSingle().Subject;

    public Func<HttpRequestMessage, HttpResponseMessage>? Default { get; set; }

    public RecordingHandler Respond(HttpStatusCode status, string body, string contentType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public RecordingHandler RespondJson(string body, Action<HttpResponseMessage>? configure = null) => Respond(HttpStatusCode.OK, body, configure: configure);

    public RecordingHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    public RecordingHandler Throw(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers)
        {
            headers[h.Key] = string.Join(", ", h.Value);
        }

        string? body = null;
        string? contentType = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsStringAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType?.ToString();
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(", ", h.Value);
            }
        }

        _requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body, contentType));
        var responder = _script.Count > 0 ? _script.Dequeue() : Default ?? throw new InvalidOperationException($"No scripted response for {request.Method} {request.RequestUri}");
        var response = responder(request);
        response.RequestMessage = request;
        return response;
    }
}

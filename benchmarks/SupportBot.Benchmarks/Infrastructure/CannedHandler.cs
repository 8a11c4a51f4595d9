using System.Net;
using System.Net.Http.Headers;

namespace SupportBot.Benchmarks.Infrastructure;

/// <summary>
/// An in-memory <see cref="HttpMessageHandler"/> that answers every request with the same canned response.
/// It drains the request content (as a real handler writes it to the socket), so a lazily serialized body
/// (<c>JsonContent</c> from <c>PostAsJsonAsync</c>) is serialized exactly as it would be on the wire, and it
/// builds a fresh <see cref="HttpResponseMessage"/> per call over a shared byte array. No network, no sockets.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly HttpStatusCode _status;
    private readonly byte[] _body;
    private readonly KeyValuePair<string, string>[] _headers;

    public CannedHandler(HttpStatusCode status, byte[] body, params KeyValuePair<string, string>[] headers)
    {
        _status = status;
        _body = body;
        _headers = headers;
    }

    /// <summary>How many requests were answered (a sanity check that each benchmark really went through the handler).</summary>
    public long Requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref Requests);
        var response = new HttpResponseMessage(_status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(_body),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in _headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

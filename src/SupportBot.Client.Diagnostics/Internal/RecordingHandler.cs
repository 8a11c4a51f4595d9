using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Client.Diagnostics.Internal;

/// <summary>One HTTP exchange as the diagnosis saw it: status, limit headers, the body's bytes and the latency.</summary>
internal sealed record RecordedExchange(
    string Method,
    Uri RequestUri,
    int? StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    TimeSpan Latency,
    Exception? Error);

/// <summary>
/// Sits under the client (outermost handler of the <see cref="HttpClient"/> the diagnosis gives SupportBotClient) and records every
/// exchange after the body is buffered, so the drift check sees the exact bytes even when the SDK rejects them.
/// </summary>
internal sealed class RecordingHandler(TimeProvider time, int maxBodyBytes) : DelegatingHandler
{
    private static readonly string[] RecordedHeaders =
        ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After", "X-Quota-Warning"];

    private readonly List<RecordedExchange> _exchanges = [];

    public IReadOnlyList<RecordedExchange> Snapshot()
    {
        lock (_exchanges)
        {
            return [.. _exchanges];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Add(new RecordedExchange(request.Method.Method, request.RequestUri!, null, new Dictionary<string, string>(), null, time.GetElapsedTime(started), ex));
            throw;
        }

        byte[]? body = null;
        try
        {
            await response.Content.LoadIntoBufferAsync(maxBodyBytes).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // Too large or cut off: the SDK reports it when it reads the body itself.
        }
        catch (IOException)
        {
        }

        Add(new RecordedExchange(request.Method.Method, request.RequestUri!, (int)response.StatusCode, Headers(response.Headers), body, time.GetElapsedTime(started), null));
        return response;
    }

    private static Dictionary<string, string> Headers(HttpResponseHeaders headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in RecordedHeaders)
        {
            if (headers.TryGetValues(name, out var values))
            {
                result[name] = string.Join(", ", values);
            }
        }

        return result;
    }

    private void Add(RecordedExchange exchange)
    {
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }
    }
}

/// <summary>What the TLS handshake showed: the server certificate and whether the platform trusted it.</summary>
internal sealed class TlsObservation
{
    private readonly object _gate = new();

    public string? Subject { get; private set; }

    public DateTimeOffset? NotAfter { get; private set; }

    public SslPolicyErrors? Errors { get; private set; }

    public SslProtocols? Protocol { get; private set; }

    public bool Seen
    {
        get
        {
            lock (_gate)
            {
                return Subject is not null || Errors is not null;
            }
        }
    }

    /// <summary>
    /// A primary handler like the SDK's own (no redirects, decompression) that records the certificate and keeps the platform's verdict.
    /// On .NET Framework it is a <c>WebRequestHandler</c> (its per-handler certificate callback; no connect timeout of its own, and the
    /// negotiated protocol is not reported there).
    /// </summary>
    public HttpMessageHandler CreateHandler(TimeSpan connectTimeout) =>
#if NET
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            ConnectTimeout = connectTimeout,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Observe },
        };
#else
        new WebRequestHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
            ServerCertificateValidationCallback = Observe,
        };
#endif

    private bool Observe(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        lock (_gate)
        {
            Errors = errors;
            if (certificate is not null)
            {
                Subject = certificate.Subject;
                if (certificate is X509Certificate2 cert2)
                {
                    NotAfter = new DateTimeOffset(cert2.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                }
            }

            try
            {
                Protocol = (sender as SslStream)?.SslProtocol;
            }
            catch (InvalidOperationException)
            {
            }
        }

        return errors == SslPolicyErrors.None;
    }
}

using System.Buffers;
using System.Globalization;
using System.Net;

namespace SupportBot.Client.Internal;

/// <summary>
/// Reads a response body into memory with a size cap, so that the body is read under the same clock as the headers (inside the
/// resilience pipeline's attempt) and never grows without bound. Success bodies over the cap are refused with
/// <see cref="SupportBotErrorCode.ResponseTooLarge"/>; error bodies are cut at <see cref="MaxErrorBodyBytes"/>, which is more than
/// <see cref="SupportBotException.ResponseBody"/> keeps.
/// </summary>
internal static class ResponseBody
{
    /// <summary>The default cap of a success body (4 MiB): far above anything these APIs document.</summary>
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>How much of an error body is read: <see cref="SupportBotException.MaxResponseBodyLength"/> characters of UTF-8 at most.</summary>
    public const int MaxErrorBodyBytes = SupportBotException.MaxResponseBodyLength * 4;

    /// <summary>
    /// Reads <paramref name="response"/>'s body into memory under <paramref name="cancellationToken"/>: a success body with the
    /// content's own buffering, capped (so Refit reads it from memory without another copy); an error body cut at
    /// <see cref="MaxErrorBodyBytes"/> into a <see cref="BufferedBody"/>. Marks the exchange, so nothing reads it twice.
    /// </summary>
    /// <exception cref="SupportBotException">The body is over the cap (<see cref="SupportBotErrorCode.ResponseTooLarge"/>) or the
    /// connection closed before it was complete (<see cref="SupportBotErrorCode.InvalidResponse"/>).</exception>
    public static async ValueTask LoadAsync(HttpResponseMessage response, SupportBotExchange? exchange, CancellationToken cancellationToken)
    {
        var context = exchange?.Context;
        var max = context?.MaxResponseBytes ?? DefaultMaxBytes;
        var content = response.Content;
        var declared = content.Headers.ContentLength;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                response.Content = await ReadErrorBodyAsync(content, declared, cancellationToken).ConfigureAwait(false);
                content.Dispose();
            }
            else if (declared > max)
            {
                content.Dispose();
                throw TooLarge(response, context, max, declared);
            }
            else
            {
#if NET9_0_OR_GREATER
                await content.LoadIntoBufferAsync(max, cancellationToken).ConfigureAwait(false);
#else
                // .NET 8's LoadIntoBufferAsync takes no token (disposing the response instead waits out the connection's
                // drain timeout): read the stream ourselves, which cancels at once, one byte past the cap to tell "too large".
                var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                byte[] bytes;
#if NET
        #if NET
        await using (stream.ConfigureAwait(false))
#else
        using (stream)
#endif
#else
                using (stream)
#endif
                {
                    bytes = await ReadCutAsync(stream, declared, max + 1, cancellationToken).ConfigureAwait(false);
                }

                if (bytes.Length > max)
                {
                    content.Dispose();
                    throw TooLarge(response, context, max, declared);
                }

                var buffered = new ByteArrayContent(bytes);
                foreach (var header in content.Headers)
                {
                    if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }

                response.Content = buffered;
                content.Dispose();
#endif
            }
        }
#if NET
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            content.Dispose();
            throw TooLarge(response, context, max, declared);
        }
#endif
        catch (Exception ex) when (ex is HttpRequestException or IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            // The connection dropped mid-body: a truncated response.
            throw new SupportBotException($"{Describe(context)}: the connection closed before the response body was complete.", SupportBotErrorCode.InvalidResponse, ex)
            {
                Provider = context?.Provider, Operation = context?.Operation, StatusCode = (int)response.StatusCode,
            };
        }

        if (exchange is not null)
        {
            exchange.BodyRead = true;
        }
    }

    private static async ValueTask<BufferedBody> ReadErrorBodyAsync(HttpContent original, long? declared, CancellationToken cancellationToken)
    {
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer;
#if NET
        await using (stream.ConfigureAwait(false))
#else
        using (stream)
#endif
        {
            buffer = await ReadCutAsync(stream, declared, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        }

        var body = new BufferedBody(buffer);
        if (original.Headers.ContentType is { } type)
        {
            body.Headers.ContentType = type;
        }

        return body;
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes and stops there (what is beyond is not needed).</summary>
    private static async ValueTask<byte[]> ReadCutAsync(Stream stream, long? declared, int limit, CancellationToken cancellationToken)
    {
        var initial = declared is { } d and >= 0 ? (int)Math.Min(d, limit) : Math.Min(4 * 1024, limit);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                var capacity = Math.Min(rented.Length, limit);
                if (length == capacity)
                {
                    if (capacity == limit)
                    {
                        break;
                    }

                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)rented.Length * 2, limit));
                    rented.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = grown;
                    continue;
                }

                var read = await stream.ReadAsync(rented.AsMemory(length, capacity - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return rented.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static SupportBotException TooLarge(HttpResponseMessage response, SupportBotRequestContext? context, int max, long? declared) =>
        new(
            $"{Describe(context)} returned a response body larger than MaxResponseBytes ({max.ToString(CultureInfo.InvariantCulture)} bytes)" +
            (declared is { } d ? $": Content-Length is {d.ToString(CultureInfo.InvariantCulture)}." : "; it was not read further."),
            SupportBotErrorCode.ResponseTooLarge)
        {
            Provider = context?.Provider, Operation = context?.Operation, StatusCode = (int)response.StatusCode,
        };

    private static string Describe(SupportBotRequestContext? context) =>
        context is null ? "The server" : $"{context.Provider} {context.Operation}";
}

/// <summary>
/// An error body read into memory (cut at <see cref="ResponseBody.MaxErrorBodyBytes"/>), with its <c>error</c>/<c>details</c>/<c>code</c>
/// fields parsed once — the retry and circuit-breaker predicates and the transport's error mapping all read them.
/// </summary>
internal sealed class BufferedBody(byte[] bytes) : HttpContent
{
    private (string? Error, string? Details, string? Code)? _fields;

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory => bytes;

    /// <summary>The body's error fields (none for a body that is not JSON), parsed on first use.</summary>
    public (string? Error, string? Details, string? Code) Fields => _fields ??= ErrorFactory.ParseBody(bytes);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(bytes, 0, bytes.Length);

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(bytes, cancellationToken).AsTask();
#endif

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));

#if NET
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new MemoryStream(bytes, writable: false);
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}

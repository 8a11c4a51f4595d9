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
    /// Replaces <paramref name="response"/>'s content with a <see cref="BufferedBody"/> read under <paramref name="cancellationToken"/>;
    /// does nothing when it is one already.
    /// </summary>
    /// <exception cref="SupportBotException">The body is over the cap (<see cref="SupportBotErrorCode.ResponseTooLarge"/>) or the
    /// connection closed before it was complete (<see cref="SupportBotErrorCode.InvalidResponse"/>).</exception>
    public static async ValueTask<BufferedBody> LoadAsync(HttpResponseMessage response, SupportBotRequestContext? context, CancellationToken cancellationToken)
    {
        if (response.Content is BufferedBody done)
        {
            return done;
        }

        var original = response.Content;
        var max = context?.MaxResponseBytes ?? DefaultMaxBytes;
        var isError = !response.IsSuccessStatusCode;
        var limit = isError ? Math.Min(max, MaxErrorBodyBytes) : max;
        var declared = original.Headers.ContentLength;
        if (!isError && declared > max)
        {
            original.Dispose();
            throw TooLarge(response, context, max, declared);
        }

        byte[] buffer;
        int length;
        try
        {
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                (buffer, length) = await ReadAsync(stream, declared, limit, isError, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OverCapException)
        {
            throw TooLarge(response, context, max, declared);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The connection dropped mid-body: a truncated response.
            throw new SupportBotException($"{Describe(context)}: the connection closed before the response body was complete.", SupportBotErrorCode.InvalidResponse, ex)
            {
                Provider = context?.Provider, Operation = context?.Operation, StatusCode = (int)response.StatusCode,
            };
        }
        finally
        {
            original.Dispose();
        }

        var body = new BufferedBody(buffer, length);
        foreach (var header in original.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                body.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = body;
        return body;
    }

    private static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(Stream stream, long? declared, int limit, bool truncate, CancellationToken cancellationToken)
    {
        // A success body may fill the cap but not pass it: read one byte beyond to tell. An error body is simply cut at the cap.
        var cap = truncate ? limit : limit + 1;

        // Content-Length presizes the buffer (one byte more, to see the end without growing); otherwise it grows from 16 KiB.
        var initial = declared is { } d and >= 0 ? (int)Math.Min(d + 1, cap) : Math.Min(16 * 1024, cap);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                var capacity = Math.Min(rented.Length, cap);
                if (length == capacity)
                {
                    if (capacity == cap)
                    {
                        break;
                    }

                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)rented.Length * 2, cap));
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

            if (length > limit)
            {
                throw new OverCapException();
            }

            return (rented.AsSpan(0, length).ToArray(), length);
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

    private sealed class OverCapException : Exception;
}

/// <summary>A response body read into memory by <see cref="ResponseBody.LoadAsync"/>; the bytes are exposed without a copy.</summary>
internal sealed class BufferedBody : HttpContent
{
    private readonly byte[] _bytes;

    public BufferedBody(byte[] bytes, int length)
    {
        _bytes = bytes;
        Length = length;
        Headers.ContentLength = length;
    }

    /// <summary>The body's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, Length);

    /// <summary>The body as an array (the buffer itself when it is exactly the body's length).</summary>
    public byte[] ToArray() => _bytes.Length == Length ? _bytes : _bytes.AsSpan(0, Length).ToArray();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_bytes, 0, Length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_bytes.AsMemory(0, Length), cancellationToken).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_bytes, 0, Length, writable: false));

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new MemoryStream(_bytes, 0, Length, writable: false);

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }
}

using SupportBot.Client.Testing.Recording.Internal;

namespace SupportBot.Client.Testing.Recording;

/// <summary>
/// A <see cref="DelegatingHandler"/> that passes each request on unchanged (the upstream gets the real key) and writes the
/// exchange, scrubbed, as a WireMock.org stub mapping under <see cref="SupportBotRecordingOptions.OutputFolder"/>. The
/// caller gets the upstream's answer as it was. <c>supportbot record</c> is this handler behind a local proxy; in a test,
/// put it under a <see cref="HttpClient"/> of your own.
/// </summary>
/// <remarks>
/// Scrubbing happens in memory, before the file is written: keys in authentication headers, secret query parameters and
/// JSON members (<c>userContext</c>, <c>user_token</c>, <c>api_key</c>, …), the providers' key shapes, JWTs and
/// <see cref="SupportBotRecordingOptions.Secrets"/> are replaced wherever they appear, request or response, header or
/// body. See <c>docs/recording.md</c>.
/// </remarks>
public sealed class SupportBotRecordingHandler : DelegatingHandler
{
    private readonly SupportBotRecordingOptions _options;
    private readonly RecordingSession _session;
    private readonly string _upstream;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> (or use the other constructor) before use.</summary>
    /// <param name="options">The recording options (validated here).</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public SupportBotRecordingHandler(SupportBotRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _upstream = options.Upstream!.GetLeftPart(UriPartial.Path);
        _session = new RecordingSession(options);
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="options">The recording options (validated here).</param>
    /// <param name="innerHandler">The handler that sends to the upstream.</param>
    public SupportBotRecordingHandler(SupportBotRecordingOptions options, HttpMessageHandler innerHandler)
        : this(options)
    {
        InnerHandler = innerHandler;
    }

    /// <summary>The mapping files written so far, in recorded order.</summary>
    public IReadOnlyList<string> RecordedFiles => _session.Files;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var path = uri.GetLeftPart(UriPartial.Path);
        if (!path.StartsWith(_upstream, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{request.Method} {uri.GetLeftPart(UriPartial.Path)} is not under the recording's upstream {_upstream}; point the client's BaseAddress at the upstream.");
        }

        // Buffered once: the same bytes go upstream and into the recording.
        var requestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestHeaders = Flatten(request.Headers).Concat(request.Content is null ? [] : Flatten(request.Content.Headers)).ToList();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(_options.MaxBodyBytes).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            response.Dispose();
            throw new HttpRequestException($"The response to {request.Method} {path[_upstream.Length..]} is larger than MaxBodyBytes ({_options.MaxBodyBytes} bytes); it was not recorded.", ex);
        }

        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        _session.Save(new RawExchange(
            request.Method.Method,
            Uri.UnescapeDataString(path[_upstream.Length..]),
            uri.Query,
            requestHeaders,
            requestBody,
            (int)response.StatusCode,
            [.. Flatten(response.Headers), .. Flatten(response.Content.Headers)],
            responseBody,
            response.Content.Headers.ContentType?.ToString(),
            _options.TimeProvider.GetUtcNow()));
        return response;
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(System.Net.Http.Headers.HttpHeaders headers) =>
        headers.NonValidated.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)));
}

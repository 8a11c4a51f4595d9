namespace SupportBot.Client.Internal;

/// <summary>What the resilience pipeline reads about a request: provider, operation, what a 429 means, the body cap. One per operation.</summary>
internal sealed record SupportBotRequestContext(SupportBotProvider Provider, string Operation, ProviderProfile Profile, int MaxResponseBytes);

/// <summary>
/// Travels with one request (one per-request option entry): the operation's context for the handlers below,
/// and, on the way back, what <see cref="ProviderHttpHandler"/> learned for <see cref="ProviderTransport"/> — the read body or the
/// error to throw — so that an error is thrown once, by the transport, not through Refit's and HttpClient's frames.
/// </summary>
internal sealed class SupportBotExchange(SupportBotRequestContext context)
{
    public static readonly RequestOption<SupportBotExchange> Key = new("SupportBot.Client.Exchange");

    public SupportBotRequestContext Context { get; } = context;

    /// <summary>Set by whoever read the body into memory (the pipeline's body strategy, or the handler's fallback).</summary>
    public bool BodyRead { get; set; }

    /// <summary>The success body's bytes (for <c>RawJson</c>; Refit disposes the content once it has read it).</summary>
    public byte[]? Body { get; set; }

    /// <summary>The exception the response calls for (error status, unreadable body); thrown by the transport.</summary>
    public SupportBotException? Error { get; set; }

    public static SupportBotExchange? Of(HttpRequestMessage? request) =>
        request is not null && Key.TryGet(request, out var exchange) ? exchange : null;
}

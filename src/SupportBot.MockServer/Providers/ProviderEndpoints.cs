using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SupportBot.Client;

namespace SupportBot.MockServer.Providers;

/// <summary>What a route does with the request body.</summary>
internal enum BodyKind
{
    /// <summary>Ignored (GET, DELETE).</summary>
    None,

    /// <summary>Empty, or a JSON object.</summary>
    Optional,

    /// <summary>A JSON object.</summary>
    Required,
}

/// <summary>Route metadata read by the provider filter: the scope the key needs, the body the route takes, its throttle.</summary>
/// <param name="Scope">AgentApi scope (<c>query</c>, <c>kb:read</c>…); null = any valid key.</param>
/// <param name="Body">What the body must be.</param>
/// <param name="Throttle">Which per-key window counts the request (the provider decides what a name means).</param>
internal sealed record MockRoute(string? Scope, BodyKind Body, string? Throttle = null)
{
    public static readonly MockRoute Default = new(null, BodyKind.None);
}

/// <summary>One request on its way through the provider filter to its handler; journals it once.</summary>
internal sealed class MockCall(HttpContext context, ProviderEndpoints? provider, string relativePath, MockJournal journal, DateTimeOffset arrived)
{
    private int _recorded;

    public HttpContext Context { get; } = context;

    public ProviderEndpoints? Provider { get; } = provider;

    public byte[] Body { get; set; } = [];

    public MockFaultKind? Fault { get; set; }

    /// <summary>The body as a JSON object, once the filter parsed it (null for an empty optional body).</summary>
    public JsonObject? Json { get; set; }

    /// <summary>The authenticated key, when the provider has keys.</summary>
    public MockApiKey? Key { get; set; }

    /// <summary>The account the key (or the bot) belongs to.</summary>
    public RuntimeAccount? Account { get; set; }

    public HttpRequest Request => Context.Request;

    public string? Route(string name) => Context.Request.RouteValues[name] as string;

    public string Query(string name) => Context.Request.Query[name].ToString();

    /// <summary>Journals the request with <paramref name="status"/> (0 = dropped); only the first call counts.</summary>
    public void Record(int status)
    {
        if (Interlocked.Exchange(ref _recorded, 1) == 0)
        {
            var request = Context.Request;
            journal.Add(new JournalRecord(
                Provider?.Provider, request.Method, request.Path.Value ?? "/", relativePath, request.QueryString.Value ?? string.Empty,
                request.Headers, Body, status, Fault, arrived));
        }
    }
}

/// <summary>A route handler: runs with the state lock held, returns the response to write.</summary>
internal delegate Reply MockHandler(MockState state, MockCall call);

/// <summary>
/// Everything the mock server knows about one provider: its path prefix, routes (with the scope and body each
/// declares), authentication, error body shape, default fault bodies and its part of the demo seed. One instance
/// per provider, registered once in <see cref="ProviderRegistry"/>; no code outside a provider's folder names a provider.
/// </summary>
internal abstract class ProviderEndpoints
{
    /// <summary>The provider served.</summary>
    public abstract SupportBotProvider Provider { get; }

    /// <summary>The path prefix, without a leading slash, with a trailing one (e.g. <c>asyntai/api/v1/</c>).</summary>
    public abstract string Prefix { get; }

    /// <summary>A valid success body, long enough to be cut in half (TruncatedBody faults).</summary>
    public abstract string ValidBody { get; }

    /// <summary>JSON cut in the middle of a string (MalformedBody faults).</summary>
    public virtual string MalformedBody => """{"response": "The reset link is sent to your registered""";

    /// <summary>The provider's error body for <paramref name="status"/>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">The error text.</param>
    /// <param name="details">A second line where the provider's shape has one.</param>
    /// <param name="code">A machine code where the provider's shape has one (AgentApi).</param>
    /// <param name="headers">Extra headers (Retry-After).</param>
    public abstract Reply Error(int status, string message, string? details = null, string? code = null, params KeyValuePair<string, string>[] headers);

    /// <summary>The default body of an injected <c>Status</c> fault.</summary>
    public virtual Reply Fault(int status) => Error(status, StatusText.For(status).Text, code: StatusText.For(status).Code);

    /// <summary>The answer to a path under the prefix that no route serves.</summary>
    public virtual Reply NotFound() => Error(404, "Not found", "No such endpoint.", "not_found");

    /// <summary>The answer to a body that is not a JSON object (invalid JSON, <c>null</c>, an array, a string…).</summary>
    public virtual Reply InvalidBody() => Error(400, "Invalid request body", "The body must be a JSON object.", "invalid_request");

    /// <summary>The answer to a body over the server's size limit.</summary>
    public virtual Reply TooLarge(long limit) => Error(413, "Request body too large", $"The body exceeds {limit} bytes.", "payload_too_large");

    /// <summary>
    /// Checks the caller (key, scope, per-key window) with the state lock held; sets <see cref="MockCall.Key"/> and
    /// <see cref="MockCall.Account"/>. Returns the error to answer, or null to go on to the handler.
    /// </summary>
    public abstract Reply? Authenticate(MockState state, MockCall call, MockRoute route);

    /// <summary>Adds the provider's part of the demo seed (accounts, keys, bots, conversations).</summary>
    public abstract void AddDemo(MockSeed seed);

    /// <summary>The bot a client of this provider uses by default with <paramref name="key"/>.</summary>
    public virtual string? DefaultBotId(MockState state, MockApiKey? key) => state.FirstUsableBot(Provider, accountId: null)?.Id;

    /// <summary>Maps the provider's routes under its prefix with the provider filter on the group.</summary>
    public void Map(IEndpointRouteBuilder app, MockState state)
    {
        var group = app.MapGroup("/" + Prefix.TrimEnd('/'));
        group.AddEndpointFilter(new ProviderFilter(this, state));
        MapRoutes(new Routes((method, pattern, handler, route) => group.MapMethods(pattern, [method], context =>
        {
            var call = context.Features.GetRequiredFeature<MockCall>();
            Reply reply;
            lock (state.Gate)
            {
                reply = handler(state, call);
            }

            return reply.WriteAsync(context);
        }).WithMetadata(route)));
    }

    /// <summary>The routes the provider declares (method, pattern relative to the prefix, metadata), for tests and docs.</summary>
    public IReadOnlyList<(string Method, string Pattern, MockRoute Route)> DeclaredRoutes()
    {
        var list = new List<(string, string, MockRoute)>();
        MapRoutes(new Routes((method, pattern, _, route) => list.Add((method, pattern, route))));
        return list;
    }

    /// <summary>Declares the routes.</summary>
    protected abstract void MapRoutes(Routes routes);

    /// <summary>Route declarations: method, pattern, handler, scope and body kind.</summary>
    protected sealed class Routes(Action<string, string, MockHandler, MockRoute> map)
    {
        public void Get(string pattern, MockHandler handler, string? scope = null) => map("GET", pattern, handler, new MockRoute(scope, BodyKind.None));

        public void Delete(string pattern, MockHandler handler, string? scope = null, string? throttle = null) => map("DELETE", pattern, handler, new MockRoute(scope, BodyKind.None, throttle));

        public void Post(string pattern, MockHandler handler, string? scope = null, BodyKind body = BodyKind.Required, string? throttle = null) => map("POST", pattern, handler, new MockRoute(scope, body, throttle));

        public void Put(string pattern, MockHandler handler, string? scope = null, string? throttle = null) => map("PUT", pattern, handler, new MockRoute(scope, BodyKind.Required, throttle));
    }
}

/// <summary>
/// The route-group filter of a provider: authentication, scope and per-key window (the provider's
/// <see cref="ProviderEndpoints.Authenticate"/>, with the route's declared <see cref="MockRoute"/>), then the body:
/// a route that takes JSON gets a JSON object or a 400 in the provider's error shape.
/// </summary>
internal sealed class ProviderFilter(ProviderEndpoints provider, MockState state) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = http.GetEndpoint()?.Metadata.GetMetadata<MockRoute>() ?? MockRoute.Default;
        var call = http.Features.GetRequiredFeature<MockCall>();
        Reply? error;
        lock (state.Gate)
        {
            error = provider.Authenticate(state, call, route);
        }

        error ??= ReadBody(call, route.Body);
        return error is not null ? ValueTask.FromResult<object?>(error) : next(context);
    }

    private Reply? ReadBody(MockCall call, BodyKind kind)
    {
        if (kind == BodyKind.None || (kind == BodyKind.Optional && call.Body.Length == 0))
        {
            return null;
        }

        call.Json = RequestJson.Object(call.Body);
        return call.Json is null ? provider.InvalidBody() : null;
    }
}

/// <summary>Default texts and AgentApi codes of injected status faults.</summary>
internal static class StatusText
{
    public static (string Text, string Code) For(int status) => status switch
    {
        400 => ("Bad request", "invalid_request"),
        401 => ("Unauthorized", "invalid_api_key"),
        403 => ("Forbidden", "insufficient_scope"),
        404 => ("Not found", "not_found"),
        413 => ("Request body too large", "payload_too_large"),
        429 => ("Too Many Requests", "rate_limited"),
        502 => ("Bad gateway", "bad_gateway"),
        503 => ("Service unavailable", "service_unavailable"),
        504 => ("Gateway timeout", "gateway_timeout"),
        _ => ("Server error", "internal_error"),
    };
}

/// <summary>The one list of providers the mock server serves.</summary>
internal static class ProviderRegistry
{
    public static IReadOnlyList<ProviderEndpoints> All { get; } =
    [
        new AISupportBot.AISupportBotEndpoints(),
        new Asyntai.AsyntaiEndpoints(),
        new ChatSupportAI.ChatSupportAIEndpoints(),
        new AskIA.AskIaEndpoints(),
        new AgentApi.AgentApiEndpoints(),
    ];

    private static readonly Dictionary<SupportBotProvider, ProviderEndpoints> ByProvider = All.ToDictionary(p => p.Provider);

    public static ProviderEndpoints For(SupportBotProvider provider) =>
        ByProvider.TryGetValue(provider, out var endpoints) ? endpoints : throw new ArgumentOutOfRangeException(nameof(provider), provider, "The mock server does not serve this provider.");

    /// <summary>The provider whose prefix <paramref name="path"/> starts with, and the rest of the path.</summary>
    public static (ProviderEndpoints? Provider, string Relative) Classify(string path)
    {
        var trimmed = path.AsSpan().TrimStart('/');
        foreach (var p in All)
        {
            var prefix = p.Prefix;
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return (p, trimmed[prefix.Length..].ToString());
            }

            if (trimmed.Length == prefix.Length - 1 && prefix.AsSpan(0, prefix.Length - 1).Equals(trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return (p, string.Empty);
            }
        }

        return (null, trimmed.ToString());
    }
}

/// <summary>Where a request's user is checked: bearer token or header.</summary>
internal static class Auth
{
    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}

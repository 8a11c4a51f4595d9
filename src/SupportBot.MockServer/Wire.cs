using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace SupportBot.MockServer;

// The mock server writes its responses from its own wire definitions (one JsonSerializerContext per provider, in
// Providers/<Name>/<Name>Wire.cs), never from SupportBot.Client's DTOs: a field the client names wrong then fails
// against the mock server instead of passing silently. MockServerWireTests checks both against the WireMock mappings.

/// <summary><c>{error, details?}</c>: AISupportBot's error body; ChatSupport AI and AskIA use <c>{error}</c>; also the body of paths outside every prefix.</summary>
internal sealed record ErrorBody(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CommonWireContext : JsonSerializerContext
{
    /// <summary>The shared instance with the mock server's output options.</summary>
    public static CommonWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.CamelCase));
}

/// <summary>Serializer options of every wire context: the provider's naming, nulls written, UTF-8 like the real services ("é", not "\u00e9").</summary>
internal static class WireOptions
{
    public static JsonSerializerOptions Create(JsonNamingPolicy naming) => new()
    {
        PropertyNamingPolicy = naming,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>A response to write: status, JSON bytes, extra headers. Also an <see cref="IResult"/>, so the provider filter can answer with it.</summary>
internal sealed record Reply(int Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null) : IResult
{
    public static Reply Json<T>(int status, T value, JsonTypeInfo<T> type, params KeyValuePair<string, string>[] headers) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, type), headers.Length == 0 ? null : headers);

    public static Reply Raw(int status, string json) => new(status, Encoding.UTF8.GetBytes(json));

    public static KeyValuePair<string, string> Header(string name, string value) => new(name, value);

    /// <summary>The generic <c>{"error": …}</c> body.</summary>
    public static Reply Error(int status, string error, params KeyValuePair<string, string>[] headers) =>
        Json(status, new ErrorBody(error), CommonWireContext.Wire.ErrorBody, headers);

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext);

    public Task WriteAsync(HttpContext context)
    {
        // Journaled before the response starts, so an entry is there as soon as the client has its answer.
        context.Features.Get<Providers.MockCall>()?.Record(Status);
        var response = context.Response;
        response.StatusCode = Status;
        if (Headers is not null)
        {
            foreach (var (name, value) in Headers)
            {
                response.Headers[name] = value;
            }
        }

        if (Body.Length == 0)
        {
            return Task.CompletedTask;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
    }
}

/// <summary>Request body helpers: lenient JSON reading (a missing or mistyped field is a 400, never an exception).</summary>
internal static class RequestJson
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, MaxDepth = 64 };

    /// <summary>The body as a JSON object; null when it is empty, not JSON, or JSON that is not an object.</summary>
    public static JsonObject? Object(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body, NodeOptions, DocumentOptions) as JsonObject;

            // Duplicate property names only fail when the object is first read: read it now, inside the try.
            _ = node?.Count;
            return node;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public static string? String(JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>True when <paramref name="name"/> is present, not null, and not of JSON kind <paramref name="kind"/> (a wrong type: 400).</summary>
    public static bool Mistyped(JsonObject? o, string name, JsonValueKind kind) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is not null && v.GetValueKind() != kind;

    public static bool Has(JsonObject? o, string name) => o is not null && o.TryGetPropertyValue(name, out var v) && v is not null;

    /// <summary>An integer field: a JSON number without a fraction. A string ("1") is <paramref name="invalid"/>.</summary>
    public static int? Int(JsonObject? o, string name, out bool invalid)
    {
        invalid = false;
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        if (v is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var i))
        {
            return i;
        }

        invalid = true;
        return null;
    }

    public static string Utf8(byte[] body) => Encoding.UTF8.GetString(body);
}

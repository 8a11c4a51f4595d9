using System.Collections.Frozen;
using System.Text.Json;

namespace SupportBot.Client.Diagnostics.Internal;

/// <summary>
/// The documented response shapes, read once from the success mappings of <c>contracts/wiremock</c> embedded in this assembly
/// (the same files SupportBot.Client.Testing serves), keyed by mapping name (<c>asyntai/account</c>).
/// </summary>
internal static class ContractShapes
{
    private const string ResourcePrefix = "SupportBot.Client.Diagnostics.Contracts/";

    private static readonly Lazy<FrozenDictionary<string, DocumentedResponse>> All = new(Load);

    /// <summary>The names of every embedded mapping.</summary>
    public static IEnumerable<string> Names => All.Value.Keys;

    /// <summary>The documented response of a mapping, or null when it is not embedded.</summary>
    public static DocumentedResponse? Find(string mappingName) => All.Value.GetValueOrDefault(mappingName);

    /// <summary>Every embedded documented response whose request has this method and matches this path, by name.</summary>
    public static IReadOnlyList<DocumentedResponse> ForEndpoint(string method, string path) =>
        [.. All.Value.Values.Where(d => d.Request is { } r && r.Matches(method, path)).OrderBy(d => d.MappingName, StringComparer.Ordinal)];

    /// <summary>Parses one WireMock.org mapping: its name, response status and JSON body shape.</summary>
    public static DocumentedResponse? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var status = response.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 200;
        JsonShape? shape = null;
        if (response.TryGetProperty("jsonBody", out var body))
        {
            shape = JsonShape.From(body);
        }
        else if (response.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(text.GetString()!);
                shape = JsonShape.From(parsed.RootElement);
            }
            catch (JsonException)
            {
                shape = null;
            }
        }

        return new DocumentedResponse(name.GetString()!, status, shape) { Request = DocumentedRequest.From(root) };
    }

    private static FrozenDictionary<string, DocumentedResponse> Load()
    {
        var assembly = typeof(ContractShapes).Assembly;
        var result = new Dictionary<string, DocumentedResponse>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (Parse(buffer.ToArray()) is { } documented)
            {
                result[documented.MappingName] = documented;
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>A documented response: status and body shape, and the request it answers.</summary>
internal sealed record DocumentedResponse(string MappingName, int Status, JsonShape? Body)
{
    /// <summary>The request's method and path pattern; null when the mapping names none.</summary>
    public DocumentedRequest? Request { get; init; }
}

/// <summary>A mapping's request method and path: <c>urlPath</c>, <c>url</c> (its path part) or <c>urlPathPattern</c>/<c>urlPattern</c> (anchored).</summary>
internal sealed record DocumentedRequest(string Method, string? Path, System.Text.RegularExpressions.Regex? Pattern)
{
    public static DocumentedRequest? From(JsonElement mapping)
    {
        if (!mapping.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
            || !request.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string? Text(string name) => request.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if ((Text("urlPath") ?? Text("url")?.Split('?')[0]) is { } path)
        {
            return new DocumentedRequest(method.GetString()!, path, null);
        }

        if ((Text("urlPathPattern") ?? Text("urlPattern")) is { } pattern)
        {
            var regex = new System.Text.RegularExpressions.Regex("^(?:" + pattern + ")$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return new DocumentedRequest(method.GetString()!, null, regex);
        }

        return null;
    }

    public bool Matches(string method, string path) =>
        (Method == "ANY" || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Path is not null ? string.Equals(Path, path, StringComparison.Ordinal) : Pattern!.IsMatch(path));
}

/// <summary>The JSON kinds the drift check tells apart (integers and decimals are both <c>number</c>).</summary>
internal enum ShapeKind
{
    Null,
    String,
    Number,
    Boolean,
    Object,
    Array,
}

/// <summary>The shape of a JSON value: its kind, an object's properties (and which are optional), an array's element shape.</summary>
internal sealed class JsonShape
{
    private JsonShape(ShapeKind kind) => Kind = kind;

    public ShapeKind Kind { get; private set; }

    /// <summary>Object properties by name; <c>Optional</c> when the document shows it null or only in some array elements.</summary>
    public Dictionary<string, (JsonShape Shape, bool Optional)> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>The merged shape of an array's elements; null when the documented array is empty.</summary>
    public JsonShape? Element { get; private set; }

    public static JsonShape From(JsonElement element)
    {
        var shape = new JsonShape(KindOf(element));
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = From(property.Value);
                    shape.Properties[property.Name] = (child, child.Kind == ShapeKind.Null);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    var child = From(item);
                    shape.Element = shape.Element is null ? child : Merge(shape.Element, child);
                }

                break;
        }

        return shape;
    }

    public static ShapeKind KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ShapeKind.Object,
        JsonValueKind.Array => ShapeKind.Array,
        JsonValueKind.String => ShapeKind.String,
        JsonValueKind.Number => ShapeKind.Number,
        JsonValueKind.True or JsonValueKind.False => ShapeKind.Boolean,
        _ => ShapeKind.Null,
    };

    public static string Name(ShapeKind kind) => kind switch
    {
        ShapeKind.Null => "null",
        ShapeKind.String => "string",
        ShapeKind.Number => "number",
        ShapeKind.Boolean => "boolean",
        ShapeKind.Object => "object",
        _ => "array",
    };

    /// <summary>Merges two documented examples of the same place (array elements): a property in only one is optional.</summary>
    private static JsonShape Merge(JsonShape a, JsonShape b)
    {
        if (a.Kind == ShapeKind.Null)
        {
            return b;
        }

        if (b.Kind == ShapeKind.Null || a.Kind != b.Kind)
        {
            return a;
        }

        if (a.Kind == ShapeKind.Object)
        {
            foreach (var (name, (shape, optional)) in b.Properties)
            {
                a.Properties[name] = a.Properties.TryGetValue(name, out var existing)
                    ? (Merge(existing.Shape, shape), existing.Optional || optional)
                    : (shape, true);
            }

            foreach (var name in a.Properties.Keys.Where(n => !b.Properties.ContainsKey(n)).ToList())
            {
                a.Properties[name] = (a.Properties[name].Shape, true);
            }
        }
        else if (a.Kind == ShapeKind.Array && b.Element is not null)
        {
            a.Element = a.Element is null ? b.Element : Merge(a.Element, b.Element);
        }

        return a;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using SupportBot.Client;

namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>One operation of a document: method, path template and its JSON.</summary>
public sealed record Operation(ProviderDocument Document, string Method, string Path, JsonObject Json, JsonArray Parameters)
{
    /// <summary>e.g. <c>agentapi POST /v1/query</c>.</summary>
    public override string ToString() => $"{Document.Name} {Method} {Path}";

    /// <summary>True when <paramref name="relativePath"/> (after the server path, leading slash) fits the template.</summary>
    public bool Matches(string method, string relativePath) =>
        string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) && Document.PathRegex(Path).IsMatch(relativePath);

    /// <summary>The path parameters read from <paramref name="relativePath"/>.</summary>
    public IReadOnlyDictionary<string, string> PathValues(string relativePath)
    {
        var match = Document.PathRegex(Path).Match(relativePath);
        return match.Groups.Keys.Where(k => !int.TryParse(k, out _)).ToDictionary(k => k, k => Uri.UnescapeDataString(match.Groups[k].Value), StringComparer.Ordinal);
    }

    /// <summary>The documented response for <paramref name="status"/> (exact, then <c>4XX</c>-style, then default), resolved.</summary>
    public JsonObject? Response(int status)
    {
        var responses = Json["responses"]!.AsObject();
        var node = responses[status.ToString(CultureInfo.InvariantCulture)]
            ?? responses[$"{status / 100}XX"]
            ?? responses["default"];
        return node is null ? null : Document.Resolve(node).AsObject();
    }

    /// <summary>The JSON schema of the request body, or null.</summary>
    public JsonObject? RequestBody => Json["requestBody"] is { } body ? Document.Resolve(body).AsObject() : null;

    /// <summary>The security requirements (operation's, else the document's).</summary>
    public JsonArray Security => (Json["security"] ?? Document.Json["security"] ?? new JsonArray()).AsArray();
}

/// <summary>
/// An OpenAPI document of contracts/openapi read with Microsoft.OpenApi (diagnostics kept), its JSON form (the
/// document written back as OpenAPI 3.1 JSON) and JSON Schema validation of instances against its schemas with
/// JsonSchema.Net (draft 2020-12, the dialect of OpenAPI 3.1).
/// </summary>
public sealed class ProviderDocument
{
    /// <summary>The documents: the file names under contracts/openapi, one per provider (the WireMock folder names).</summary>
    public static IReadOnlyList<string> Names { get; } = ["aisupportbot", "asyntai", "chatsupportai", "askia", "agentapi"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly Dictionary<string, Lazy<ProviderDocument>> Cache = Names.ToDictionary(n => n, n => new Lazy<ProviderDocument>(() => Load(n)), StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);
    private static int _schemaCount;

    private ProviderDocument(string name, string text, OpenApiDocument model, OpenApiDiagnostic diagnostic, JsonObject json)
    {
        Name = name;
        Text = text;
        Model = model;
        Diagnostic = diagnostic;
        Json = json;
        Operations = [.. Enumerate()];
    }

    /// <summary>The provider of each document.</summary>
    public static SupportBotProvider ProviderOf(string name) => Enum.GetValues<SupportBotProvider>().Single(p => p.ToString().Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>xunit data: every document name.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names)
        {
            data.Add(n);
        }

        return data;
    }

    /// <summary>The document of <paramref name="name"/> (read once).</summary>
    public static ProviderDocument Get(string name) => Cache[name].Value;

    /// <summary>aisupportbot, asyntai, …</summary>
    public string Name { get; }

    /// <summary>The YAML as written.</summary>
    public string Text { get; }

    /// <summary>Microsoft.OpenApi's model.</summary>
    public OpenApiDocument Model { get; }

    /// <summary>What Microsoft.OpenApi's reader reported.</summary>
    public OpenApiDiagnostic Diagnostic { get; }

    /// <summary>The document as OpenAPI 3.1 JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>Every operation.</summary>
    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>The path of the first server URL (<c>/api/v1</c>; empty for a templated host).</summary>
    public string ServerPath
    {
        get
        {
            var url = (string)Json["servers"]![0]!["url"]!;
            return url.StartsWith('{') ? string.Empty : new Uri(url).AbsolutePath.TrimEnd('/');
        }
    }

    /// <summary>Reads a document from its YAML text.</summary>
    public static ProviderDocument Parse(string name, string text)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var (model, diagnostic) = OpenApiDocument.Parse(text, "yaml", settings);
        if (model is null)
        {
            throw new InvalidOperationException($"{name}: Microsoft.OpenApi could not read the document: {string.Join("; ", diagnostic?.Errors.Select(e => e.ToString()) ?? [])}");
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        model.SerializeAsV31(new OpenApiJsonWriter(writer));
        var json = JsonNode.Parse(writer.ToString())!.AsObject();
        return new ProviderDocument(name, text, model, diagnostic!, json);
    }

    /// <summary>Follows a local <c>$ref</c> (components/…) until a node without one.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        for (var depth = 0; node is JsonObject o && o["$ref"] is JsonValue r; depth++)
        {
            if (depth > 16)
            {
                throw new InvalidOperationException("$ref loop");
            }

            node = Pointer((string)r!);
        }

        return node;
    }

    /// <summary>The node at a local reference like <c>#/components/schemas/Error</c>.</summary>
    public JsonNode Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Name}: only local references are used, not {reference}");
        }

        JsonNode node = Json;
        foreach (var part in reference[2..].Split('/'))
        {
            var key = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node[key] ?? throw new InvalidOperationException($"{Name}: {reference} does not resolve");
        }

        return node;
    }

    /// <summary>
    /// Validates <paramref name="instance"/> against <paramref name="schema"/> (a schema of this document: its
    /// <c>#/components/schemas</c> references become <c>$defs</c>). Returns the errors, empty when valid; also applies
    /// this project's one vendor keyword, <c>x-max-utf8-bytes</c>, on the top-level properties.
    /// </summary>
    public IReadOnlyList<string> Validate(JsonNode schema, JsonNode? instance)
    {
        var root = Rewrite(schema.DeepClone()).AsObject();
        var defs = new JsonObject();
        foreach (var (name, s) in Json["components"]?["schemas"]?.AsObject() ?? [])
        {
            defs[name] = Rewrite(s!.DeepClone());
        }

        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = defs;
        var id = Interlocked.Increment(ref _schemaCount);
        var built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions(), new Uri($"https://schemas.supportbot.invalid/{Name}/{id.ToString(CultureInfo.InvariantCulture)}"));
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = built.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = new List<string>();
        if (!results.IsValid)
        {
            foreach (var detail in results.Details ?? [])
            {
                foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
                {
                    errors.Add($"{detail.InstanceLocation} ({detail.EvaluationPath}, {keyword}): {message}");
                }
            }

            if (errors.Count == 0)
            {
                errors.Add("invalid (no details)");
            }
        }

        var resolved = Resolve(schema);
        if (instance is JsonObject obj && resolved["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                var max = property is null ? null : Resolve(property)["x-max-utf8-bytes"];
                if (max is not null && obj[name] is { } value && Encoding.UTF8.GetByteCount(value.ToJsonString()) > (int)max)
                {
                    errors.Add($"/{name}: more than {(int)max} UTF-8 bytes of JSON (x-max-utf8-bytes)");
                }
            }
        }

        return errors;
    }

    /// <summary>The operation serving <paramref name="method"/> <paramref name="relativePath"/>, or null.</summary>
    public Operation? Find(string method, string relativePath) => Operations.FirstOrDefault(o => o.Matches(method, relativePath));

    internal Regex PathRegex(string template)
    {
        lock (_regexes)
        {
            if (!_regexes.TryGetValue(template, out var regex))
            {
                var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "$";
                regex = _regexes[template] = new Regex(pattern, RegexOptions.CultureInvariant);
            }

            return regex;
        }
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        // Vendor extensions are annotations of the document, not JSON Schema keywords.
                        o.Remove(key);
                    }
                    else if (key == "$ref" && value is JsonValue v && ((string)v!).StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        o[key] = "#/$defs/" + ((string)v!)["#/components/schemas/".Length..];
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }

        return node;
    }

    private static ProviderDocument Load(string name) => Parse(name, File.ReadAllText(System.IO.Path.Combine(Repo.OpenApi, name + ".yaml")));

    private IEnumerable<Operation> Enumerate()
    {
        foreach (var (path, item) in Json["paths"]!.AsObject())
        {
            var pathItem = item!.AsObject();
            foreach (var method in Methods)
            {
                if (pathItem[method] is JsonObject operation)
                {
                    var parameters = new JsonArray();
                    foreach (var p in (pathItem["parameters"]?.AsArray() ?? []).Concat(operation["parameters"]?.AsArray() ?? []))
                    {
                        parameters.Add(Resolve(p!).DeepClone());
                    }

                    yield return new Operation(this, method.ToUpperInvariant(), path, operation, parameters);
                }
            }
        }
    }
}

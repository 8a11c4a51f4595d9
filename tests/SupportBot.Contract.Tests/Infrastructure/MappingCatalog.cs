using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>One stub mapping file and the concrete example request in its metadata.</summary>
public sealed record StubMapping(string File, string Provider, JsonObject Json)
{
    public string Name => (string)Json["name"]!;

    public int Status => (int)Json["response"]!["status"]!;

    public JsonNode? ResponseBody => Json["response"]!["jsonBody"];

    public JsonObject Metadata => Json["metadata"]!.AsObject();

    public JsonObject Example => Metadata["example"]!.AsObject();

    /// <summary>Builds the example request against <paramref name="root"/> (the server root; the example URL carries the provider prefix).</summary>
    public HttpRequestMessage CreateExampleRequest(Uri root)
    {
        var url = (string)Example["url"]!;
        var request = new HttpRequestMessage(new HttpMethod((string)Example["method"]!), new Uri(root, url.TrimStart('/')));
        string? contentType = null;
        if (Example["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = (string)value!;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, (string)value!);
                }
            }
        }

        if (Example["body"] is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        return request;
    }

    public override string ToString() => Name;
}

/// <summary>Reads <c>contracts/wiremock/*/mappings/*.json</c>.</summary>
public static class MappingCatalog
{
    private static readonly Lazy<IReadOnlyList<StubMapping>> LazyAll = new(Load);

    public static IReadOnlyList<StubMapping> All => LazyAll.Value;

    public static IEnumerable<string> Files() =>
        Directory.EnumerateDirectories(RepoPaths.WireMockContracts)
            .Where(d => Directory.Exists(Path.Combine(d, "mappings")))
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(d, "mappings"), "*.json"))
            .Order(StringComparer.Ordinal);

    public static StubMapping Get(string name) => All.Single(m => m.Name == name);

    /// <summary>xunit theory data: every mapping name.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var m in All)
        {
            data.Add(m.Name);
        }

        return data;
    }

    private static List<StubMapping> Load() =>
        Files().Select(f => new StubMapping(
            f,
            Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f)))!,
            JsonNode.Parse(File.ReadAllText(f))!.AsObject())).ToList();
}

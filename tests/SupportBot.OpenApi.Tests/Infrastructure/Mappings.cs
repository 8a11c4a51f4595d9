using System.Text.Json.Nodes;

namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>One WireMock mapping of contracts/wiremock and the concrete example request in its metadata.</summary>
public sealed record Mapping(string Folder, JsonObject Json)
{
    public string Name => (string)Json["name"]!;

    public int Status => (int)Json["response"]!["status"]!;

    public JsonNode? ResponseBody => Json["response"]!["jsonBody"];

    public JsonObject ResponseHeaders => Json["response"]!["headers"] as JsonObject ?? [];

    public JsonObject Example => Json["metadata"]!["example"]!.AsObject();

    public override string ToString() => Name;
}

/// <summary>Reads <c>contracts/wiremock/*/mappings/*.json</c> (the files SupportBot.Client.Testing embeds).</summary>
public static class Mappings
{
    private static readonly Lazy<IReadOnlyList<Mapping>> LazyAll = new(() =>
        Directory.EnumerateDirectories(Repo.WireMock)
            .Where(d => Directory.Exists(Path.Combine(d, "mappings")))
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(d, "mappings"), "*.json"))
            .Order(StringComparer.Ordinal)
            .Select(f => new Mapping(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f)))!, JsonNode.Parse(File.ReadAllText(f))!.AsObject()))
            .ToList());

    public static IReadOnlyList<Mapping> All => LazyAll.Value;

    public static Mapping Get(string name) => All.Single(m => m.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var m in All)
        {
            data.Add(m.Name);
        }

        return data;
    }
}

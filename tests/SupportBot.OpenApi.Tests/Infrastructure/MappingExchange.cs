using System.Text.Json.Nodes;

namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>Reads a mapping's example request and response as an exchange of its provider's document.</summary>
public static class MappingExchange
{
    public static ProviderDocument DocumentOf(Mapping mapping) => ProviderDocument.Get(mapping.Folder);

    /// <summary>The example request of <paramref name="mapping"/>, its URL made relative to the document's server path.</summary>
    public static WireRequest RequestOf(Mapping mapping)
    {
        var document = DocumentOf(mapping);
        var example = mapping.Example;
        var url = (string)example["url"]!;
        var prefix = "/" + mapping.Folder + document.ServerPath;
        if (!url.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{mapping.Name}: example URL {url} is not under {prefix}/");
        }

        var rest = url[prefix.Length..];
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rest : rest[..q];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        var headers = (example["headers"] as JsonObject ?? []).ToDictionary(h => h.Key, h => (string)h.Value!, StringComparer.OrdinalIgnoreCase);
        return new WireRequest((string)example["method"]!, path, query, headers, example["body"]?.DeepClone(), example.ContainsKey("body"));
    }

    public static IReadOnlyDictionary<string, string> ResponseHeadersOf(Mapping mapping) =>
        mapping.ResponseHeaders.ToDictionary(h => h.Key, h => (string)h.Value!, StringComparer.OrdinalIgnoreCase);
}

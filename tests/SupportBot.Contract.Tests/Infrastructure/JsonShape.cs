using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Contract.Tests.Infrastructure;

/// <summary>Compares two JSON documents by shape: the same object fields with the same JSON types, recursively.</summary>
public static class JsonShape
{
    /// <summary>
    /// Lists every difference between the shape of <paramref name="expected"/> and <paramref name="actual"/>.
    /// Objects must have the same field names; a field whose expected value is null may be absent or of any type;
    /// arrays compare their first elements when both have one; numbers are numbers (int or fractional alike).
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonNode? expected, JsonNode? actual)
    {
        var diffs = new List<string>();
        Compare(expected, actual, "$", diffs);
        return diffs;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> diffs)
    {
        if (expected is null)
        {
            return;
        }

        var ek = Kind(expected);
        var ak = Kind(actual);
        if (ek != ak)
        {
            diffs.Add($"{path}: expected {ek}, got {ak}");
            return;
        }

        switch (expected)
        {
            case JsonObject eo:
                var ao = actual!.AsObject();
                foreach (var (name, value) in eo)
                {
                    if (!ao.ContainsKey(name))
                    {
                        if (value is not null)
                        {
                            diffs.Add($"{path}.{name}: missing");
                        }

                        continue;
                    }

                    Compare(value, ao[name], $"{path}.{name}", diffs);
                }

                foreach (var (name, value) in ao)
                {
                    if (!eo.ContainsKey(name) && value is not null)
                    {
                        diffs.Add($"{path}.{name}: unexpected field ({Kind(value)})");
                    }
                }

                break;
            case JsonArray ea:
                var aa = actual!.AsArray();
                if (ea.Count > 0 && aa.Count > 0)
                {
                    Compare(ea[0], aa[0], path + "[0]", diffs);
                }

                break;
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Null => "null",
            var k => k.ToString(),
        },
        _ => "unknown",
    };
}

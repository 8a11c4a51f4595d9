using System.Text.Json;

namespace SupportBot.Client.Diagnostics.Internal;

/// <summary>Compares a live response with its documented contract: status, then the JSON shape field by field.</summary>
internal static class ContractComparer
{
    /// <summary>The differences between a live response and <paramref name="documented"/>.</summary>
    /// <param name="endpoint">The endpoint label for the report.</param>
    /// <param name="documented">The documented response.</param>
    /// <param name="status">The live status.</param>
    /// <param name="body">The live body (null when none was read).</param>
    public static List<ContractDifference> Compare(string endpoint, DocumentedResponse documented, int status, byte[]? body)
    {
        var differences = new List<ContractDifference>();
        if (status != documented.Status)
        {
            differences.Add(new ContractDifference(endpoint, ContractDriftKind.UnexpectedStatus, "$", documented.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return differences;
        }

        if (documented.Body is null)
        {
            return differences;
        }

        if (body is null || body.Length == 0)
        {
            differences.Add(new ContractDifference(endpoint, ContractDriftKind.NotJson, "$", JsonShape.Name(documented.Body.Kind), "empty body"));
            return differences;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            differences.Add(new ContractDifference(endpoint, ContractDriftKind.NotJson, "$", JsonShape.Name(documented.Body.Kind), "unreadable: " + ex.Message.Split('.')[0]));
            return differences;
        }

        using (doc)
        {
            Compare(endpoint, "$", documented.Body, doc.RootElement, differences);
        }

        // One line per place: an array of 50 items with the same drift reports it once.
        return differences.DistinctBy(d => (d.Kind, d.Path)).ToList();
    }

    private static void Compare(string endpoint, string path, JsonShape documented, JsonElement live, List<ContractDifference> differences)
    {
        var liveKind = JsonShape.KindOf(live);

        // A documented null says nothing about the type; a live null is an optional value left out.
        if (documented.Kind == ShapeKind.Null || liveKind == ShapeKind.Null)
        {
            return;
        }

        if (documented.Kind != liveKind)
        {
            differences.Add(new ContractDifference(endpoint, ContractDriftKind.TypeChanged, path, JsonShape.Name(documented.Kind), JsonShape.Name(liveKind)));
            return;
        }

        if (liveKind == ShapeKind.Object)
        {
            foreach (var (name, (shape, optional)) in documented.Properties)
            {
                if (live.TryGetProperty(name, out var value))
                {
                    Compare(endpoint, path + "." + name, shape, value, differences);
                }
                else if (!optional)
                {
                    differences.Add(new ContractDifference(endpoint, ContractDriftKind.MissingField, path + "." + name, JsonShape.Name(shape.Kind), null));
                }
            }

            foreach (var property in live.EnumerateObject())
            {
                if (!documented.Properties.ContainsKey(property.Name))
                {
                    differences.Add(new ContractDifference(endpoint, ContractDriftKind.NewField, path + "." + property.Name, null, JsonShape.Name(JsonShape.KindOf(property.Value))));
                }
            }
        }
        else if (liveKind == ShapeKind.Array && documented.Element is { } element)
        {
            foreach (var item in live.EnumerateArray())
            {
                Compare(endpoint, path + "[]", element, item, differences);
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Client.Providers.AgentApi;

/// <summary>Reads AgentApi's confidence indicator, whichever form it takes (the document does not fix one).</summary>
internal static class AgentApiConfidence
{
    /// <summary>A number 0–1 is taken as is, 1–100 as a percentage; a numeric string likewise; a label maps to high 0.9, medium 0.6, low 0.3.</summary>
    public static (double? Value, string? Label) Read(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return default;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.Number when value.TryGetValue<double>(out var number):
                return (Scale(number), null);
            case JsonValueKind.String when value.TryGetValue<string>(out var text):
                text = text.Trim();
                if (double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return (Scale(text.EndsWith('%') ? parsed / 100 : parsed), null);
                }

                return (text.ToLowerInvariant() switch
                {
                    "very high" or "very_high" or "high" => 0.9,
                    "medium" or "moderate" => 0.6,
                    "low" => 0.3,
                    "very low" or "very_low" or "none" => 0.1,
                    _ => null,
                }, text);
            default:
                return default;
        }
    }

    private static double? Scale(double number) => number switch
    {
        < 0 or double.NaN => null,
        <= 1 => number,
        <= 100 => number / 100,
        _ => null,
    };
}

using System.Text.Json.Nodes;

namespace SupportBot.Client.Tests.Infrastructure;

public static class JsonAssert
{
    /// <summary>Asserts two JSON texts are the same document (property order ignored, exact values and no extra fields).</summary>
    public static void Equal(string expected, string? actual)
    {
        actual.Should().NotBeNull();
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual!);
        JsonNode.DeepEquals(e, a).Should().BeTrue($"wire JSON should be {e?.ToJsonString()} but was {a?.ToJsonString()}");
    }
}

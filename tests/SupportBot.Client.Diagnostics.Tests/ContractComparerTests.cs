using System.Text;
using SupportBot.Client.Diagnostics;
using SupportBot.Client.Diagnostics.Internal;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary>The shape rules on their own: nulls, optional array-item fields, numbers, nesting.</summary>
public sealed class ContractComparerTests
{
    private static DocumentedResponse Documented(string jsonBody, int status = 200) =>
        ContractShapes.Parse(Encoding.UTF8.GetBytes("{\"name\":\"x/y\",\"response\":{\"status\":" + status + ",\"jsonBody\":" + jsonBody + "}}"))!;

    private static List<ContractDifference> Compare(string documented, string live, int status = 200) =>
        ContractComparer.Compare("GET y", Documented(documented), status, Encoding.UTF8.GetBytes(live));

    [Fact]
    public void Integers_and_decimals_are_one_type_and_null_matches_anything() =>
        Compare("""{"a":1,"b":null,"c":"x"}""", """{"a":0.5,"b":{"z":1},"c":null}""").Should().BeEmpty();

    [Fact]
    public void Fields_documented_null_or_in_only_some_items_are_optional() =>
        Compare("""{"opt":null,"items":[{"id":1,"title":"a"},{"id":2}]}""", """{"items":[{"id":3}]}""").Should().BeEmpty();

    [Fact]
    public void Nested_drift_is_reported_once_per_place()
    {
        var differences = Compare(
            """{"items":[{"id":1,"meta":{"score":0.5}}]}""",
            """{"items":[{"id":1,"meta":{"score":"high"}},{"id":2,"meta":{"score":"low"}},{"id":3,"meta":{"score":1,"extra":true}}]}""");

        differences.Should().BeEquivalentTo(new[]
        {
            new ContractDifference("GET y", ContractDriftKind.TypeChanged, "$.items[].meta.score", "number", "string"),
            new ContractDifference("GET y", ContractDriftKind.NewField, "$.items[].meta.extra", null, "boolean"),
        });
    }

    [Fact]
    public void Another_status_is_reported_without_comparing_the_body() =>
        Compare("""{"a":1}""", """{"error":"x"}""", status: 502).Should().ContainSingle()
            .Which.Should().Be(new ContractDifference("GET y", ContractDriftKind.UnexpectedStatus, "$", "200", "502"));

    [Fact]
    public void A_truncated_body_is_not_json() =>
        Compare("""{"a":1}""", """{"a":""").Should().ContainSingle().Which.Kind.Should().Be(ContractDriftKind.NotJson);
}

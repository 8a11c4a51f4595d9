using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SupportBot.OpenApi.Tests.Infrastructure;

namespace SupportBot.OpenApi.Tests;

/// <summary>
/// The lint: each document is read by Microsoft.OpenApi as OpenAPI 3.1 without a diagnostic, passes its validator's
/// default rule set, and keeps this project's rules (every operation named and summarised with a success response,
/// every error status with a JSON body shape, examples that validate, the provider's document named by title, every
/// inferred part saying why).
/// </summary>
public sealed class DocumentLintTests
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["aisupportbot"] = "AISupportBot — Reference API (Enterprise et Unlimited v1)",
        ["asyntai"] = "Asyntai — API Reference",
        ["chatsupportai"] = "ChatSupport AI — API Reference",
        ["askia"] = "AskIA — REST API (beta)",
        ["agentapi"] = "AI Support Agent API",
    };

    public static TheoryData<string> Documents => ProviderDocument.All();

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_reads_as_OpenAPI_3_1_without_diagnostics(string name)
    {
        var document = ProviderDocument.Get(name);

        document.Diagnostic.SpecificationVersion.Should().Be(OpenApiSpecVersion.OpenApi3_1);
        document.Diagnostic.Errors.Should().BeEmpty();
        document.Diagnostic.Warnings.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_passes_the_Microsoft_OpenApi_default_rule_set(string name)
    {
        var document = ProviderDocument.Get(name);

        document.Model.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => $"{e.Pointer}: {e.Message}").Should().BeEmpty();
    }

    [Fact]
    public void The_rule_set_finds_a_broken_document()
    {
        var text = ProviderDocument.Get("askia").Text
            .Replace("$ref: '#/components/schemas/Bot'", "$ref: '#/components/schemas/Robot'", StringComparison.Ordinal)
            .Replace("url: https://askiabot.com/api", "url: ''", StringComparison.Ordinal);
        var broken = ProviderDocument.Parse("askia-broken", text);

        var problems = broken.Diagnostic.Errors.Select(e => e.Message)
            .Concat(broken.Model.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => e.Message)).ToList();

        problems.Should().NotBeEmpty("a reference to a schema that does not exist and an empty server URL are errors");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_names_its_provider_document_by_title(string name)
    {
        var json = ProviderDocument.Get(name).Json;

        ((string?)json["info"]!["x-source-document"]).Should().Be(Titles[name]);
        ((string?)json["externalDocs"]!["description"]).Should().Be(Titles[name]);
        ((string?)json["info"]!["description"]).Should().Contain($"\"{Titles[name]}\"");
        ProviderDocument.Get(name).Text.Should().NotContainAny(["shared/", "seeds/", ".txt"], "a document names its source by title, never by a path");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_operation_is_named_summarised_and_answers(string name)
    {
        var document = ProviderDocument.Get(name);
        document.Operations.Select(o => (string?)o.Json["operationId"]).Should().OnlyHaveUniqueItems().And.NotContainNulls();
        foreach (var operation in document.Operations)
        {
            ((string?)operation.Json["summary"]).Should().NotBeNullOrWhiteSpace($"{operation} has a summary");
            var statuses = operation.Json["responses"]!.AsObject().Select(r => r.Key).ToList();
            statuses.Should().Contain(s => s.StartsWith('2'), $"{operation} documents its success");
            foreach (var status in statuses.Where(s => s[0] is '4' or '5'))
            {
                var response = operation.Response(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture))!;
                response["content"]?["application/json"]?["schema"].Should().NotBeNull($"{operation} {status} documents its error body shape");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_example_validates_against_its_schema(string name)
    {
        var document = ProviderDocument.Get(name);
        var checkedExamples = 0;
        foreach (var (media, path) in MediaTypes(document.Json, "$"))
        {
            var schema = media["schema"];
            if (schema is null)
            {
                continue;
            }

            foreach (var (exampleName, example) in media["examples"]?.AsObject() ?? [])
            {
                var value = document.Resolve(example!)["value"];
                document.Validate(schema, value).Should().BeEmpty($"{path} example '{exampleName}' must validate");
                checkedExamples++;
            }
        }

        foreach (var parameter in document.Operations.SelectMany(o => o.Parameters).Select(p => p!.AsObject()).Where(p => p["example"] is not null))
        {
            var example = parameter["example"]!;
            document.Validate(parameter["schema"]!, example).Should().BeEmpty($"parameter {parameter["name"]}'s example must validate");
            checkedExamples++;
        }

        checkedExamples.Should().BePositive("each document carries examples from its provider's document");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_inferred_part_says_why(string name)
    {
        var marks = Extensions(ProviderDocument.Get(name).Json, "x-inferred").ToList();

        marks.Should().AllSatisfy(m => m.Value.Should().NotBeNullOrWhiteSpace($"{m.Path} must say what was decided and why"));
        if (name is "chatsupportai" or "agentapi")
        {
            marks.Should().NotBeEmpty("these documents publish paths or fields the provider's document does not");
        }
    }

    [Fact]
    public void Inferred_marks_are_counted_in_docs_openapi_md()
    {
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "openapi.md"));
        foreach (var name in ProviderDocument.Names)
        {
            var document = ProviderDocument.Get(name);
            var marks = Extensions(document.Json, "x-inferred").Count();
            doc.Should().Contain($"| `{name}.yaml` | {document.Operations.Count} | {marks} |",
                "docs/openapi.md's coverage table counts each document's operations and x-inferred marks");
        }
    }

    internal static IEnumerable<(string Path, string? Value)> Extensions(JsonNode? node, string key, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (k == key)
                    {
                        yield return ($"{path}.{k}", v is JsonValue ? (string?)v : null);
                    }
                    else
                    {
                        foreach (var x in Extensions(v, key, $"{path}.{k}"))
                        {
                            yield return x;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var x in Extensions(a[i], key, $"{path}[{i}]"))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }

    private static IEnumerable<(JsonObject Media, string Path)> MediaTypes(JsonNode? node, string path)
    {
        if (node is JsonObject o)
        {
            if (o["content"] is JsonObject content)
            {
                foreach (var (type, media) in content)
                {
                    if (media is JsonObject m)
                    {
                        yield return (m, $"{path}.content[{type}]");
                    }
                }
            }

            foreach (var (k, v) in o)
            {
                foreach (var x in MediaTypes(v, $"{path}.{k}"))
                {
                    yield return x;
                }
            }
        }
    }
}

using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

/// <summary>
/// Issue 11 item 13: the mock server writes its responses from its own wire definitions, and those agree with the
/// WireMock mappings' bodies (same fields, same JSON types, recursively; arrays by their first item) — so the mock,
/// the mappings and the client (tested against both) check each other.
/// </summary>
public sealed class WireTests
{
    private static readonly string Contracts = Path.Combine(StructureTests.RepoRoot(), "contracts", "wiremock");

    /// <summary>Requests sent before a mapping's example, so the state it describes exists (e.g. a gap to list).</summary>
    private static readonly Dictionary<string, string[]> Arrange = new(StringComparer.Ordinal)
    {
        ["agentapi/gaps"] = ["agentapi/mappings/query-low-confidence.json"],
    };

    public static TheoryData<string> SuccessMappings()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Contracts, "*.json", SearchOption.AllDirectories).Where(f => f.Contains($"{Path.DirectorySeparatorChar}mappings{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var mapping = JsonNode.Parse(File.ReadAllText(file))!;
            var status = (int)mapping["response"]!["status"]!;
            if (status is >= 200 and < 300 && mapping["response"]!["jsonBody"] is not null)
            {
                data.Add(Path.GetRelativePath(Contracts, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return data;
    }

    public static TheoryData<string> ErrorMappings()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Contracts, "*.json", SearchOption.AllDirectories).Where(f => f.Contains($"{Path.DirectorySeparatorChar}mappings{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var mapping = JsonNode.Parse(File.ReadAllText(file))!;
            if ((int)mapping["response"]!["status"]! >= 400)
            {
                data.Add(Path.GetRelativePath(Contracts, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return data;
    }

    /// <summary>Error mappings too: the same status, the same body shape (the provider's error shape) and Retry-After.</summary>
    [Theory]
    [MemberData(nameof(ErrorMappings))]
    public async Task Mock_server_answers_each_error_mapping_example_with_its_status_and_shape(string file)
    {
        await using var server = await Mock.StartAsync();
        var mapping = Load(file);
        var (status, body, headers) = await SendExampleAsync(server, mapping);
        status.Should().Be((int)mapping["response"]!["status"]!, "{0}; mock body: {1}", file, body);
        if (mapping["response"]!["jsonBody"] is { } expected)
        {
            Differences(expected, JsonNode.Parse(body), "$").Should().BeEmpty("{0}; mock body: {1}", file, body);
        }

        if (mapping["response"]!["headers"] is JsonObject expectedHeaders && expectedHeaders["Retry-After"] is { } retryAfter)
        {
            headers.GetValues("Retry-After").Should().Equal((string)retryAfter!);
        }
    }

    [Fact]
    public void Every_provider_has_success_mappings_to_compare_with()
    {
        var names = ((IEnumerable<object[]>)SuccessMappings()).Select(row => (string)row[0]).ToList();
        foreach (var endpoints in Providers.ProviderRegistry.All)
        {
            names.Should().Contain(n => n.StartsWith(endpoints.Prefix.Split('/')[0] + "/", StringComparison.Ordinal), $"{endpoints.Provider} has 2xx mappings");
        }

        names.Count.Should().BeGreaterThanOrEqualTo(25);
    }

    [Theory]
    [MemberData(nameof(SuccessMappings))]
    public async Task Mock_server_response_has_the_mapping_body_shape(string file)
    {
        await using var server = await Mock.StartAsync();
        var mapping = Load(file);
        foreach (var before in Arrange.GetValueOrDefault((string)mapping["name"]!, []))
        {
            await SendExampleAsync(server, Load(before));
        }

        var (status, body, headers) = await SendExampleAsync(server, mapping);
        status.Should().Be((int)mapping["response"]!["status"]!, "the mock server answers the mapping's example as the mapping does; body: {0}", body);
        var expected = mapping["response"]!["jsonBody"];
        var actual = JsonNode.Parse(body);
        Differences(expected, actual, "$").Should().BeEmpty("the mock server's body must have the fields and JSON types of {0}; mock body: {1}", file, body);

        if (mapping["response"]!["headers"] is JsonObject expectedHeaders && expectedHeaders["X-Quota-Warning"] is { } warning)
        {
            headers.GetValues("X-Quota-Warning").Should().Equal((string)warning!);
        }
    }

    [Fact]
    public void Mock_server_serializes_none_of_the_client_types()
    {
        var client = typeof(SupportBotClient).Assembly;
        var contexts = typeof(SupportBotMockServer).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(JsonSerializerContext))).ToList();
        contexts.Should().NotBeEmpty();
        var fromClient = contexts
            .SelectMany(c => c.GetCustomAttributesData().Where(a => a.AttributeType == typeof(JsonSerializableAttribute)).Select(a => (Context: c.Name, Type: (Type)a.ConstructorArguments[0].Value!)))
            .Where(x => Closure(x.Type).Any(t => t.Assembly == client))
            .Select(x => $"{x.Context}: {x.Type.FullName}")
            .ToList();
        fromClient.Should().BeEmpty("the mock server writes its wire JSON from its own records, not SupportBot.Client's DTOs");
    }

    [Fact]
    public void Shape_comparison_catches_a_renamed_field_and_a_changed_type()
    {
        var mapping = JsonNode.Parse("""{"answer":"a","sources":[{"document_id":"d","confidence":0.5}],"next_cursor":null}""");
        Differences(mapping, JsonNode.Parse("""{"answer":"b","sources":[{"document_id":"x","confidence":1}],"next_cursor":null}"""), "$").Should().BeEmpty();
        Differences(mapping, JsonNode.Parse("""{"answer":"b","sources":[{"documentId":"x","confidence":1}],"next_cursor":"c"}"""), "$").Should().HaveCount(2);
        Differences(mapping, JsonNode.Parse("""{"answer":1,"sources":[{"document_id":"x","confidence":1}],"next_cursor":null}"""), "$").Should().ContainSingle();
        Differences(mapping, JsonNode.Parse("""{"answer":"b","sources":[],"next_cursor":null}"""), "$").Should().ContainSingle().Which.Should().Contain("empty");
        Differences(mapping, JsonNode.Parse("""{"answer":"b","sources":[{"document_id":"x","confidence":1}]}"""), "$").Should().ContainSingle().Which.Should().Contain("next_cursor");
    }

    private static IEnumerable<Type> Closure(Type type)
    {
        yield return type;
        foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            foreach (var t in Closure(arg))
            {
                yield return t;
            }
        }

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.PropertyType.Assembly == typeof(SupportBotClient).Assembly)
            {
                yield return p.PropertyType;
            }
        }
    }

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Contracts, file)))!;

    private static async Task<(int Status, string Body, HttpResponseHeaders Headers)> SendExampleAsync(SupportBotMockServer server, JsonNode mapping)
    {
        var example = mapping["metadata"]!["example"]!;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod((string)example["method"]!), new Uri(server.BaseAddress, ((string)example["url"]!).TrimStart('/')));
        string? contentType = null;
        if (example["headers"] is JsonObject headers)
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

        if (example["body"] is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>
    /// Field names and JSON value kinds, recursively; arrays compare their first items. A mapping's null accepts a
    /// null or a value (a nullable field), but the field must be there; the mock's null where the mapping has a value
    /// is a difference (the mock would never show the client that field filled in).
    /// </summary>
    internal static List<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        var diffs = new List<string>();
        if (expected is null)
        {
            return diffs;
        }

        var (ek, ak) = (Kind(expected), Kind(actual));
        if (ek != ak)
        {
            diffs.Add($"{path}: mapping has {ek}, mock server has {ak}");
            return diffs;
        }

        switch (expected)
        {
            case JsonObject eo:
                var ao = actual!.AsObject();
                foreach (var (name, value) in eo)
                {
                    if (!ao.ContainsKey(name))
                    {
                        diffs.Add($"{path}.{name}: missing in the mock server's body");
                        continue;
                    }

                    diffs.AddRange(Differences(value, ao[name], $"{path}.{name}"));
                }

                diffs.AddRange(ao.Where(p => !eo.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: not in the mapping ({Kind(p.Value)})"));
                break;
            case JsonArray ea when ea.Count > 0:
                var aa = actual!.AsArray();
                if (aa.Count == 0)
                {
                    diffs.Add($"{path}: the mock server's array is empty, the mapping's is not");
                }
                else
                {
                    diffs.AddRange(Differences(ea[0], aa[0], path + "[0]"));
                }

                break;
        }

        return diffs;
    }

    private static JsonValueKind Kind(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : node.GetValueKind(),
    };
}

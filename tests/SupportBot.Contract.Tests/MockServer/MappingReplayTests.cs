using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.MockServer;

// STAGED: out of compilation until src/SupportBot.MockServer lands (see the csproj's <Compile Remove="MockServer/**" />).

/// <summary>
/// Mock server ↔ mappings: every WireMock mapping's example request (metadata.example) is replayed against the
/// reference mock server with its demo seed; the status code and the JSON shape of the response (same fields,
/// same types) must agree with the mapping's response.
/// </summary>
[Collection(MockServerCollection.Name)]
public sealed class MappingReplayTests(MockServerFixture mock) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static TheoryData<string> Mappings => MappingCatalog.Names();

    public Task InitializeAsync()
    {
        mock.Server.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Mock_server_agrees_with_the_mapping(string name)
    {
        var mapping = MappingCatalog.Get(name);
        using var request = mapping.CreateExampleRequest(mock.Server.BaseAddress);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(mapping.Status,
            "{0} {1} should get the mapping's status from the mock server (source: {2}); body: {3}",
            request.Method, request.RequestUri, mapping.Metadata["source"]!.ToJsonString(), body);

        JsonNode? actual;
        try
        {
            actual = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"{name}: the mock server's response is not JSON ({ex.Message}): {body}");
        }

        JsonShape.Differences(mapping.ResponseBody, actual).Should().BeEmpty(
            "the mock server's response must have the mapping's JSON shape; mock server body: {0}", body);

        if (mapping.Json["response"]!["headers"] is JsonObject headers)
        {
            foreach (var header in new[] { "Retry-After", "X-Quota-Warning" })
            {
                if (headers[header] is { } value)
                {
                    response.Headers.TryGetValues(header, out var values).Should().BeTrue($"{name} sends {header}");
                    string.Join(",", values!).Should().Be((string)value!);
                }
            }
        }
    }
}

using System.Text.Json.Nodes;
using SupportBot.OpenApi.Tests.Infrastructure;

namespace SupportBot.OpenApi.Tests;

/// <summary>
/// Check one: every WireMock mapping of contracts/wiremock (the documents' examples and errors, written long before the
/// OpenAPI documents) is an exchange its provider's OpenAPI document describes — request (path, parameters, body,
/// security) and response (status, body, rate-limit and quota headers) validated with JsonSchema.Net — and every
/// operation of every document has at least one success mapping.
/// </summary>
public sealed class MappingConformanceTests
{
    public static TheoryData<string> AllMappings => Mappings.Names();

    public static TheoryData<string> Documents => ProviderDocument.All();

    [Theory]
    [MemberData(nameof(AllMappings))]
    public void Mapping_response_is_described_by_the_document(string name)
    {
        var mapping = Mappings.Get(name);
        var document = MappingExchange.DocumentOf(mapping);
        var request = MappingExchange.RequestOf(mapping);
        ExchangeValidator.Request(document, request, out var operation);
        operation.Should().NotBeNull($"{name}: {request.Method} {request.RelativePath} must be an operation of {document.Name}.yaml");

        ExchangeValidator.Response(operation!, mapping.Status, MappingExchange.ResponseHeadersOf(mapping), mapping.ResponseBody, mapping.ResponseBody is not null)
            .Should().BeEmpty($"{name}'s response must validate against {operation}");
    }

    [Theory]
    [MemberData(nameof(AllMappings))]
    public void Mapping_request_is_accepted_or_rejected_by_the_document_as_its_status_says(string name)
    {
        var mapping = Mappings.Get(name);
        var document = MappingExchange.DocumentOf(mapping);
        var errors = ExchangeValidator.Request(document, MappingExchange.RequestOf(mapping), out _);

        switch (mapping.Status)
        {
            case 400:
                errors.Should().NotBeEmpty($"{name} answers 400, so its request breaks a rule the document states (a required field, a bound)");
                break;
            case 401:
                errors.Where(e => !e.Contains("security requirement", StringComparison.Ordinal)).Should().BeEmpty(
                    $"{name} answers 401: only the credentials may be wrong");
                break;
            default:
                errors.Should().BeEmpty($"{name} answers {mapping.Status}: its request is a valid request of the document");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_operation_has_a_success_mapping(string documentName)
    {
        var document = ProviderDocument.Get(documentName);
        var covered = Mappings.All
            .Where(m => m.Folder == documentName && m.Status is >= 200 and < 300)
            .Select(m => (Mapping: m, Request: MappingExchange.RequestOf(m)))
            .Select(x => document.Find(x.Request.Method, x.Request.RelativePath))
            .Where(o => o is not null)
            .Select(o => o!.ToString())
            .ToHashSet(StringComparer.Ordinal);

        document.Operations.Select(o => o.ToString()).Where(o => !covered.Contains(o)).Should().BeEmpty(
            "every documented operation needs at least one WireMock mapping of a successful call");
    }

    [Fact]
    public void Every_mapping_folder_has_a_document_and_every_document_a_folder()
    {
        Mappings.All.Select(m => m.Folder).Distinct().Should().BeEquivalentTo(ProviderDocument.Names);
    }

    // The validation can fail: each of these is a documented mapping with one thing changed.

    [Fact]
    public void A_request_with_a_renamed_required_field_is_rejected()
    {
        var mapping = Mappings.Get("aisupportbot/chat-minimal");
        var request = MappingExchange.RequestOf(mapping);
        var body = request.Body!.DeepClone().AsObject();
        body["assistantID"] = body["assistantId"]!.DeepClone();
        body.Remove("assistantId");

        ExchangeValidator.Request(MappingExchange.DocumentOf(mapping), request with { Body = body }, out _)
            .Should().ContainSingle().Which.Should().Contain("assistantId");
        ExchangeValidator.Request(MappingExchange.DocumentOf(mapping), request, out _).Should().BeEmpty("the unchanged request is valid");
    }

    [Fact]
    public void A_response_with_a_renamed_required_field_is_rejected()
    {
        var mapping = Mappings.Get("asyntai/chat");
        var document = MappingExchange.DocumentOf(mapping);
        var operation = document.Find("POST", "/chat/")!;
        var body = mapping.ResponseBody!.DeepClone().AsObject();
        body["answer"] = body["response"]!.DeepClone();
        body.Remove("response");

        ExchangeValidator.Response(operation, 200, new Dictionary<string, string>(), body, true).Should().NotBeEmpty();
        ExchangeValidator.Response(operation, 200, new Dictionary<string, string>(), mapping.ResponseBody, true).Should().BeEmpty();
    }

    [Fact]
    public void A_response_field_of_the_wrong_type_is_rejected()
    {
        var mapping = Mappings.Get("agentapi/query");
        var operation = MappingExchange.DocumentOf(mapping).Find("POST", "/v1/query")!;
        var body = mapping.ResponseBody!.DeepClone().AsObject();
        body["sources"] = JsonValue.Create("doc_billing_faq");

        ExchangeValidator.Response(operation, 200, new Dictionary<string, string>(), body, true).Should().NotBeEmpty();
    }

    [Fact]
    public void An_undocumented_status_and_an_undocumented_limit_header_are_rejected()
    {
        var document = ProviderDocument.Get("aisupportbot");
        var operation = document.Find("POST", "/chat")!;
        var error = JsonNode.Parse("""{"error":"Plan limit reached"}""");

        ExchangeValidator.Response(operation, 418, new Dictionary<string, string>(), error, true).Should().ContainSingle().Which.Should().Contain("418");
        ExchangeValidator.Response(operation, 429, new Dictionary<string, string> { ["Retry-After"] = "30" }, error, true)
            .Should().ContainSingle().Which.Should().Contain("Retry-After", "AISupportBot documents no Retry-After: its 429 is a monthly quota");
    }

    [Fact]
    public void A_user_context_over_4_KB_is_rejected_and_one_of_4_KB_is_not()
    {
        var document = ProviderDocument.Get("aisupportbot");
        var request = MappingExchange.RequestOf(Mappings.Get("aisupportbot/chat-minimal"));
        JsonObject Body(int bytes)
        {
            var body = request.Body!.DeepClone().AsObject();
            body["userContext"] = new JsonObject { ["note"] = new string('a', bytes - """{"note":""}""".Length) };
            return body;
        }

        ExchangeValidator.Request(document, request with { Body = Body(4096) }, out _).Should().BeEmpty();
        ExchangeValidator.Request(document, request with { Body = Body(4097) }, out _).Should().ContainSingle().Which.Should().Contain("x-max-utf8-bytes");
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Client.Testing;

/// <summary>
/// One contract: a WireMock.org stub mapping (request pattern → response) taken from a provider's published API document,
/// or recorded from real traffic (<see cref="IsRecorded"/>), with the concrete example request (<c>metadata.example</c>) that
/// it matches.
/// </summary>
public sealed class ContractMapping
{
    private readonly JsonObject _json;

    internal ContractMapping(SupportBotProvider provider, string json)
    {
        Provider = provider;
        Json = json;
        _json = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("A contract mapping is not a JSON object.");
        Name = (string?)_json["name"] ?? throw new FormatException("A contract mapping has no name.");
        Id = Guid.Parse((string?)_json["id"] ?? throw new FormatException($"Contract mapping {Name} has no id."));
        Status = (int?)_json["response"]?["status"] ?? throw new FormatException($"Contract mapping {Name} has no response status.");
    }

    /// <summary>The provider the mapping belongs to.</summary>
    public SupportBotProvider Provider { get; }

    /// <summary>The mapping's name, <c>&lt;provider&gt;/&lt;what&gt;</c>, e.g. <c>asyntai/error-429-message-limit</c>; the title of its WireMock.Net mapping.</summary>
    public string Name { get; }

    /// <summary>The mapping's stable id; the <c>Guid</c> of its WireMock.Net mapping and <c>MappingGuid</c> of the log entries it serves.</summary>
    public Guid Id { get; }

    /// <summary>The HTTP status the mapping answers with.</summary>
    public int Status { get; }

    /// <summary>The mapping as shipped, in WireMock.org JSON (loadable by any WireMock: Java standalone, Docker, admin API).</summary>
    public string Json { get; }

    /// <summary>
    /// Whether the mapping was recorded from real traffic (<c>supportbot record</c>, <see cref="Recording.SupportBotRecordingHandler"/>)
    /// rather than taken from a provider's document: it has <c>metadata.recorded</c>.
    /// </summary>
    public bool IsRecorded => _json["metadata"]?["recorded"] is JsonObject;

    /// <summary>The mapping's documented response body (<c>response.jsonBody</c>), or null when it has none.</summary>
    public JsonNode? ResponseBody => _json["response"]?["jsonBody"]?.DeepClone();

    /// <summary>Where the mapping comes from: document title and section (<c>metadata.source</c>).</summary>
    public string Source
    {
        get
        {
            var source = _json["metadata"]?["source"];
            return $"{(string?)source?["document"]} — {(string?)source?["section"]}";
        }
    }

    /// <summary>
    /// Builds the mapping's example request (<c>metadata.example</c>) against a server root such as
    /// <see cref="SupportBotWireMock.BaseAddress"/>; sent there, it is served by this very mapping.
    /// </summary>
    /// <param name="serverRoot">The server's root address (the example URL carries the provider's path prefix).</param>
    /// <returns>A new request; the caller disposes it.</returns>
    public HttpRequestMessage CreateExampleRequest(Uri serverRoot)
    {
        ArgumentNullException.ThrowIfNull(serverRoot);
        var example = _json["metadata"]?["example"] as JsonObject
            ?? throw new InvalidOperationException($"Contract mapping {Name} has no metadata.example.");
        var url = ((string?)example["url"] ?? "/").TrimStart('/');
        var request = new HttpRequestMessage(new HttpMethod((string?)example["method"] ?? "GET"), new Uri(serverRoot, url));
        string? contentType = null;
        if (example["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = (string?)value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, (string?)value);
                }
            }
        }

        if (example["body"] is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        return request;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal JsonObject CloneJson() => _json.DeepClone().AsObject();
}

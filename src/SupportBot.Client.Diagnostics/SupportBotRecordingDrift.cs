using System.Text;
using System.Text.Json;
using SupportBot.Client.Diagnostics.Internal;

namespace SupportBot.Client.Diagnostics;

/// <summary>
/// The contract drift check of a recording (<c>supportbot record</c>, <c>supportbot doctor --recording</c>): each recorded
/// response compared, offline, with the documented response of the same endpoint, by the rules of the live check.
/// </summary>
public static class SupportBotRecordingDrift
{
    private static readonly int[] DocumentedErrors = [401, 403, 404, 429];

    /// <summary>
    /// Compares every mapping of a recording folder (<c>&lt;folder&gt;/mappings/*.json</c>, or <c>&lt;folder&gt;/*.json</c>
    /// when it has no <c>mappings/</c>), in file-name order.
    /// </summary>
    /// <param name="folder">The recording folder.</param>
    /// <returns>One result per recorded mapping.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (the message names the path tried).</exception>
    /// <exception cref="FormatException">A file is not a mapping with a request method, a path and a response status (the message names the file).</exception>
    public static IReadOnlyList<RecordedExchangeDrift> Compare(string folder)
    {
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Recording folder '{(string.IsNullOrEmpty(folder) ? folder : Path.GetFullPath(folder))}' does not exist.");
        }

        var mappings = Path.Combine(folder, "mappings");
        var root = Directory.Exists(mappings) ? mappings : folder;
        return [.. Directory.EnumerateFiles(root, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(CompareFile)];
    }

    private static RecordedExchangeDrift CompareFile(string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Recorded mapping {file} is not JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var mapping = doc.RootElement;
            var request = DocumentedRequest.From(mapping);
            var metadata = mapping.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            // A path pattern (a hand-written mapping) is compared by the concrete path of its example request.
            var path = request?.Path ?? StringAt(metadata, "example", "url")?.Split('?')[0];
            if (request is null || path is null || !mapping.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Recorded mapping {file} needs request.method, request.urlPath (or url, or a pattern with metadata.example.url) and a response object.");
            }

            var name = mapping.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileNameWithoutExtension(file);
            var status = response.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 200;
            var relative = StringAt(metadata, "recorded", "path") ?? path;
            var endpoint = $"{request.Method.ToUpperInvariant()} {relative}";
            var documented = ContractShapes.ForEndpoint(request.Method, path);
            if (documented.Count == 0)
            {
                return new RecordedExchangeDrift(file, name, endpoint, status, RecordedDriftOutcome.Undocumented, null, []);
            }

            if (DocumentedErrors.Contains(status))
            {
                return new RecordedExchangeDrift(file, name, endpoint, status, RecordedDriftOutcome.DocumentedError, null, []);
            }

            var body = Body(response);
            var closest = documented
                .Select(d => (d.MappingName, Differences: ContractComparer.Compare(endpoint, d, status, body)))
                .OrderBy(c => c.Differences.Count(x => x.IsFailure))
                .ThenBy(c => c.Differences.Count)
                .First();
            return new RecordedExchangeDrift(file, name, endpoint, status, RecordedDriftOutcome.Compared, closest.MappingName, closest.Differences);
        }
    }

    /// <summary>The string at a path of object members, or null when any step is missing or not what it should be.</summary>
    private static string? StringAt(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static byte[]? Body(JsonElement response)
    {
        if (response.TryGetProperty("jsonBody", out var json))
        {
            return Encoding.UTF8.GetBytes(json.GetRawText());
        }

        return response.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(text.GetString()!) : null;
    }
}

/// <summary>What the drift check did with one recorded mapping.</summary>
public enum RecordedDriftOutcome
{
    /// <summary>Compared with the documented response of its endpoint (see <see cref="RecordedExchangeDrift.Differences"/>).</summary>
    Compared,

    /// <summary>401, 403, 404 or 429: documented errors, which the key, bot, quota and rate-limit checks report; not compared.</summary>
    DocumentedError,

    /// <summary>No documented mapping describes this method and path: reported, not a failure (a recording may hold endpoints the documents do not).</summary>
    Undocumented,
}

/// <summary>The drift of one recorded mapping.</summary>
/// <param name="File">The mapping file.</param>
/// <param name="MappingName">The mapping's name (<c>asyntai/recorded-004-get-account-200</c>).</param>
/// <param name="Endpoint">Method and path relative to the provider's base address (<c>GET account/</c>).</param>
/// <param name="Status">The recorded status.</param>
/// <param name="Outcome">Compared, a documented error, or an undocumented endpoint.</param>
/// <param name="ComparedWith">The documented mapping it was compared with (the closest of the endpoint's examples), or null.</param>
/// <param name="Differences">The differences, as the live drift check reports them.</param>
public sealed record RecordedExchangeDrift(
    string File,
    string MappingName,
    string Endpoint,
    int Status,
    RecordedDriftOutcome Outcome,
    string? ComparedWith,
    IReadOnlyList<ContractDifference> Differences)
{
    /// <summary>Whether a difference breaks the contract (a missing or retyped field, an undocumented status, a body that is not JSON).</summary>
    public bool IsFailure => Differences.Any(d => d.IsFailure);
}

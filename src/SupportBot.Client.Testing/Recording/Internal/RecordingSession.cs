using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client.Testing.Internal;
using SupportBot.Client.Testing.Providers;

namespace SupportBot.Client.Testing.Recording.Internal;

/// <summary>One exchange as it went over the wire, before scrubbing (held in memory only).</summary>
internal sealed record RawExchange(
    string Method,
    string RelativePath,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    byte[]? RequestBody,
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    byte[] ResponseBody,
    string? ResponseContentType,
    DateTimeOffset At);

/// <summary>
/// Turns exchanges into scrubbed WireMock.org stub mappings and writes them, one file each, under
/// <c>&lt;folder&gt;/mappings/</c>. A request recorded again (same matcher) chains into a scenario, so a replay answers
/// the calls in the recorded order and then repeats the last answer. Nothing reaches the disk unscrubbed.
/// </summary>
internal sealed class RecordingSession
{
    /// <summary>The request headers a recorded mapping matches (each with its key placeholder).</summary>
    private static readonly string[] AuthHeaders = ["Authorization", "X-API-Key", "Api-Key", "ApiKey", "Proxy-Authorization"];

    /// <summary>Response headers that describe this one transfer, not the answer: not recorded.</summary>
    private static readonly HashSet<string> TransferHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Content-Encoding", "Upgrade", "Trailer", "TE",
    };

    private static readonly JsonSerializerOptions FileWriter = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions KeyWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SupportBotRecordingOptions _options;
    private readonly ProviderContractData _provider;
    private readonly RecordingScrubber _scrubber;
    private readonly string _mappingsFolder;
    private readonly Dictionary<string, List<(JsonObject Mapping, string File)>> _repeats = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly object _gate = new();
    private int _next;

    public RecordingSession(SupportBotRecordingOptions options)
    {
        _options = options;
        _provider = ProviderContractData.For(options.Provider);
        _scrubber = new RecordingScrubber(_provider, options.ApiKey, options.Secrets, options.SecretPatterns.Select(SecretRules.Custom));
        _mappingsFolder = Path.Combine(options.OutputFolder, "mappings");
        Directory.CreateDirectory(_mappingsFolder);
        _next = Directory.EnumerateFiles(_mappingsFolder, "*.json")
            .Select(f => int.TryParse(Path.GetFileName(f).Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max() + 1;
    }

    /// <summary>The files written so far (a chained file is listed once).</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>Scrubs and writes one exchange; returns the mapping's name.</summary>
    public string Save(RawExchange exchange)
    {
        lock (_gate)
        {
            var index = _next++;
            var mapping = Build(exchange, index, out var requestKey);
            var recorded = mapping["metadata"]!["recorded"]!;
            var file = Path.Combine(_mappingsFolder, FileName(index, (string)recorded["method"]!, (string)recorded["path"]!, exchange.Status));
            if (_repeats.TryGetValue(requestKey, out var chain))
            {
                Chain(chain, mapping);
            }
            else
            {
                _repeats[requestKey] = chain = [];
            }

            chain.Add((mapping, file));
            Write(file, mapping);
            _files.Add(file);
            return (string)mapping["name"]!;
        }
    }

    private JsonObject Build(RawExchange exchange, int index, out string requestKey)
    {
        var scrubbedPaths = new List<string>();

        // 1. Learn every secret of the exchange first, so that each is replaced wherever it appears (a key echoed in an error body).
        var requestHeaders = exchange.RequestHeaders;
        foreach (var (name, value) in requestHeaders.Where(h => AuthHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
        {
            _scrubber.AddKey(SecretRules.SplitScheme(value).Credential);
        }

        foreach (var (name, value) in requestHeaders.Concat(exchange.ResponseHeaders).Where(h => SecretRules.IsSecretHeader(h.Key) && !AuthHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
        {
            _scrubber.AddValue(value);
        }

        var query = ParseQuery(exchange.Query);
        foreach (var (name, value) in query.Where(q => SecretRules.IsSecretField(q.Key)))
        {
            if (SecretRules.IsKeyField(name))
            {
                _scrubber.AddKey(value);
            }
            else
            {
                _scrubber.AddValue(value);
            }
        }

        var requestJson = TryParseJson(exchange.RequestBody);
        var responseJson = TryParseJson(exchange.ResponseBody);
        _scrubber.Learn(requestJson);
        _scrubber.Learn(responseJson);

        // 2. The request matcher and the example request, scrubbed.
        var method = exchange.Method.ToUpperInvariant();
        var relativePath = _scrubber.Scrub(exchange.RelativePath);
        if (!string.Equals(relativePath, exchange.RelativePath, StringComparison.Ordinal))
        {
            scrubbedPaths.Add("request.path");
        }

        var urlPath = "/" + _provider.PathPrefix + relativePath;
        var request = new JsonObject { ["method"] = method, ["urlPath"] = urlPath };
        var exampleQuery = new StringBuilder();
        if (query.Count > 0)
        {
            var parameters = new JsonObject();
            foreach (var group in query.GroupBy(q => q.Key, StringComparer.Ordinal))
            {
                var values = group.Select(q => _scrubber.Scrub(q.Value)).ToList();
                if (values.Where((v, i) => !string.Equals(v, group.ElementAt(i).Value, StringComparison.Ordinal)).Any())
                {
                    scrubbedPaths.Add("request.query." + group.Key);
                }

                // A secret that is not a key (the replay sends its own) or a repeated parameter: present, any value.
                parameters[group.Key] = values.Count == 1 && !(SecretRules.IsSecretField(group.Key) && !SecretRules.IsKeyField(group.Key))
                    ? new JsonObject { ["equalTo"] = values[0] }
                    : new JsonObject { ["matches"] = ".*" };
                foreach (var value in values)
                {
                    exampleQuery.Append(exampleQuery.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(group.Key)).Append('=').Append(Uri.EscapeDataString(value));
                }
            }

            request["queryParameters"] = parameters;
        }

        var headers = new JsonObject();
        var exampleHeaders = new JsonObject();
        foreach (var (name, value) in requestHeaders.Where(h => AuthHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
        {
            var (scheme, credential) = SecretRules.SplitScheme(value);
            var placeholder = scheme + _scrubber.AddKey(credential);
            headers[name] = new JsonObject { ["equalTo"] = placeholder };
            exampleHeaders[name] = placeholder;
            scrubbedPaths.Add("request.headers." + name);
        }

        if (headers.Count == 0)
        {
            // No key was sent: the mapping must not answer a request that sends one (that is another recording, or a contract).
            headers["Authorization"] = new JsonObject { ["absent"] = true };
            headers["X-API-Key"] = new JsonObject { ["absent"] = true };
        }

        request["headers"] = headers;

        JsonNode? exampleBody = null;
        string? exampleText = null;
        if (requestJson is not null)
        {
            var secretPaths = new List<string>();
            var scrubbedBody = _scrubber.ScrubJson(requestJson, "$", secretPaths, scrubbedPaths);
            exampleBody = scrubbedBody;
            var matcherBody = scrubbedBody!.DeepClone();
            foreach (var path in secretPaths)
            {
                Remove(matcherBody, path);
            }

            var patterns = new JsonArray { new JsonObject { ["equalToJson"] = matcherBody, ["ignoreExtraElements"] = true } };
            foreach (var path in secretPaths.Where(p => !secretPaths.Any(outer => p.Length > outer.Length && p.StartsWith(outer, StringComparison.Ordinal))))
            {
                patterns.Add(new JsonObject { ["matchesJsonPath"] = path });
            }

            request["bodyPatterns"] = patterns;
            for (var i = 0; i < scrubbedPaths.Count; i++)
            {
                scrubbedPaths[i] = scrubbedPaths[i].StartsWith('$') ? "request.body" + scrubbedPaths[i][1..] : scrubbedPaths[i];
            }
        }
        else if (exchange.RequestBody is { Length: > 0 } raw)
        {
            var text = _scrubber.Scrub(DecodeText(raw) ?? throw new NotSupportedException(
                $"The {method} {relativePath} request body is not UTF-8 text; a recording holds text and JSON bodies only."));
            if (!string.Equals(text, DecodeText(raw), StringComparison.Ordinal))
            {
                scrubbedPaths.Add("request.body");
            }

            request["bodyPatterns"] = new JsonArray { new JsonObject { ["equalTo"] = text } };
            exampleText = text;
        }

        var contentType = requestHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (contentType is not null && (exampleBody is not null || exampleText is not null))
        {
            exampleHeaders["Content-Type"] = contentType;
        }

        // 3. The response, scrubbed.
        var response = new JsonObject { ["status"] = exchange.Status };
        var responseHeaders = new JsonObject();
        foreach (var group in exchange.ResponseHeaders.Where(h => !TransferHeaders.Contains(h.Key)).GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            var values = group.Select(h => SecretRules.IsSecretHeader(h.Key) ? SecretRules.Scrubbed : _scrubber.Scrub(h.Value)).ToList();
            if (group.Any(h => SecretRules.IsSecretHeader(h.Key)) || values.Where((v, i) => !string.Equals(v, group.ElementAt(i).Value, StringComparison.Ordinal)).Any())
            {
                scrubbedPaths.Add("response.headers." + group.Key);
            }

            responseHeaders[group.Key] = values.Count == 1 ? values[0] : new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        }

        if (responseHeaders.Count > 0)
        {
            response["headers"] = responseHeaders;
        }

        string? omitted = null;
        if (responseJson is not null)
        {
            var bodyPaths = new List<string>();
            response["jsonBody"] = _scrubber.ScrubJson(responseJson, "$", [], bodyPaths);
            scrubbedPaths.AddRange(bodyPaths.Select(p => "response.body" + p[1..]));
        }
        else if (exchange.ResponseBody.Length > 0)
        {
            if (DecodeText(exchange.ResponseBody) is { } text)
            {
                var scrubbed = _scrubber.Scrub(text);
                if (!string.Equals(scrubbed, text, StringComparison.Ordinal))
                {
                    scrubbedPaths.Add("response.body");
                }

                response["body"] = scrubbed;
            }
            else
            {
                omitted = $"binary body of {exchange.ResponseBody.Length.ToString(CultureInfo.InvariantCulture)} bytes ({exchange.ResponseContentType ?? "no content type"}) not recorded: it cannot be scrubbed";
            }
        }

        requestKey = request.ToJsonString(KeyWriter);

        // 4. Name, metadata and the example request.
        var slug = Slug(relativePath);
        var mappingName = $"{_options.Provider.ToString().ToLowerInvariant()}/recorded-{index.ToString("000", CultureInfo.InvariantCulture)}-{method.ToLowerInvariant()}-{slug}-{exchange.Status.ToString(CultureInfo.InvariantCulture)}";
        var at = exchange.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var upstream = _scrubber.Scrub(Upstream(_options.Upstream!));
        var recorded = new JsonObject
        {
            ["at"] = at,
            ["tool"] = _options.RecordedBy,
            ["upstream"] = upstream,
            ["method"] = method,
            ["path"] = relativePath,
            ["status"] = exchange.Status,
            ["scrubbed"] = new JsonArray([.. scrubbedPaths.Distinct(StringComparer.Ordinal).Select(p => (JsonNode?)p)]),
        };
        if (omitted is not null)
        {
            recorded["omitted"] = omitted;
        }

        var example = new JsonObject { ["method"] = method, ["url"] = urlPath + exampleQuery };
        if (exampleHeaders.Count > 0)
        {
            example["headers"] = exampleHeaders;
        }

        if (exampleBody is not null)
        {
            example["body"] = exampleBody.DeepClone();
        }
        else if (exampleText is not null)
        {
            example["body"] = exampleText;
        }

        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["name"] = mappingName,
            ["priority"] = 1,
            ["request"] = request,
            ["response"] = response,
            ["metadata"] = new JsonObject
            {
                ["provider"] = _options.Provider.ToString(),
                ["recorded"] = recorded,
                ["source"] = new JsonObject
                {
                    ["document"] = "Recorded from " + upstream,
                    ["section"] = $"{method} {relativePath} → {exchange.Status.ToString(CultureInfo.InvariantCulture)} at {at}",
                },
                ["example"] = example,
            },
        };
    }

    /// <summary>
    /// The same request again: the earlier answers and this one become a scenario in recorded order. The first answers in
    /// WireMock.org's start state and moves on; each later one answers in its own state; the last keeps its state, so a
    /// replay repeats it.
    /// </summary>
    private void Chain(List<(JsonObject Mapping, string File)> chain, JsonObject mapping)
    {
        var scenario = $"{(string)chain[0].Mapping["name"]!} (repeated)";
        if (chain.Count == 1)
        {
            var first = chain[0].Mapping;
            first["scenarioName"] = scenario;
            first["requiredScenarioState"] = "Started";
        }

        var state = (chain.Count + 1).ToString(CultureInfo.InvariantCulture);
        var previous = chain[^1];
        previous.Mapping["newScenarioState"] = state;
        Write(previous.File, previous.Mapping);
        mapping["scenarioName"] = scenario;
        mapping["requiredScenarioState"] = state;
        mapping["newScenarioState"] = state;
    }

    private static void Write(string file, JsonObject mapping)
    {
        var temp = file + ".tmp";
        File.WriteAllText(temp, mapping.ToJsonString(FileWriter) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>The file name, from the scrubbed method and path: <c>001-post-chat-200.json</c>.</summary>
    private static string FileName(int index, string method, string scrubbedPath, int status) =>
        $"{index.ToString("000", CultureInfo.InvariantCulture)}-{method.ToLowerInvariant()}-{Slug(scrubbedPath)}-{status.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>A file-name-safe form of a scrubbed path: <c>widget/abc/config</c> → <c>widget-abc-config</c>.</summary>
    private static string Slug(string relativePath)
    {
        var builder = new StringBuilder();
        foreach (var c in relativePath.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = string.Join('-', builder.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        slug = slug.Length > 48 ? slug[..48].TrimEnd('-') : slug;
        return slug.Length == 0 ? "root" : slug;
    }

    /// <summary>The upstream without user info or query: what the metadata may say of where the recording was made.</summary>
    private static string Upstream(Uri upstream) => new UriBuilder(upstream) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri.ToString();

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            result.Add(new(name, value));
        }

        return result;
    }

    private static JsonNode? TryParseJson(byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body);
            return node is JsonObject or JsonArray ? node : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? DecodeText(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Removes the member a definite JSONPath (<c>$.a.b</c>, <c>$['a-b']</c>, <c>$.a[0].b</c>) names.</summary>
    private static void Remove(JsonNode root, string path)
    {
        var steps = DefiniteJsonPath.Parse(path);
        if (steps is not { Count: > 0 } || steps[^1] is not string member
            || !DefiniteJsonPath.Select(root, [.. steps.Take(steps.Count - 1)], out var parent) || parent is not JsonObject obj)
        {
            return;
        }

        obj.Remove(member);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SupportBot.Client.Testing.Internal;

/// <summary>
/// Turns one WireMock.org JSON stub mapping into a WireMock.Net mapping with the same matching rules.
/// WireMock.Net's own static import (<c>ReadStaticWireMockOrgMappingAndAddOrUpdate</c>) loses some of them (measured:
/// 16 of 67 examples matched their own mapping), so this converter maps each WireMock.org pattern explicitly:
/// <list type="bullet">
/// <item>method, <c>urlPath</c> (<see cref="ExactMatcher"/>), <c>urlPathPattern</c> (anchored <see cref="RegexMatcher"/>),
/// header and query <c>equalTo</c>/<c>contains</c>/<c>matches</c>/<c>doesNotMatch</c>/<c>absent</c> → WireMock.Net matchers
/// with the same meaning;</item>
/// <item><c>url</c>/<c>urlPattern</c> (path and query, exactly) and every <c>bodyPatterns</c> entry (<c>equalToJson</c>,
/// <c>matchesJsonPath</c>, <c>not</c>) → <see cref="WireMockOrgUrlMatcher"/> and <see cref="WireMockOrgBodyMatcher"/>,
/// because WireMock.Net's <c>JsonPartialMatcher</c> ignores array order and <c>JsonPathMatcher</c> has no value sub-pattern.</item>
/// </list>
/// Anything else throws <see cref="NotSupportedException"/> naming the mapping and the feature: a mapping is loaded exactly
/// or not at all.
/// </summary>
internal static class WireMockOrgMappingConverter
{
    /// <summary>WireMock.org's priority when a mapping names none.</summary>
    private const int DefaultPriority = 5;

    private static readonly JsonSerializerOptions BodyWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AddTo(WireMockServer server, ContractMapping mapping)
    {
        var json = mapping.CloneJson();
        var where = mapping.Name;
        Allow(json, where, "", "id", "name", "priority", "request", "response", "metadata", "scenarioName", "requiredScenarioState", "newScenarioState");
        var request = BuildRequest(Object(json, "request", where), where);
        var response = BuildResponse(Object(json, "response", where), where);
        var builder = server.Given(request)
            .WithGuid(mapping.Id)
            .WithTitle(mapping.Name)
            .AtPriority((int?)json["priority"] ?? DefaultPriority);
        if ((string?)json["scenarioName"] is { } scenario)
        {
            builder = InScenario(builder, scenario, (string?)json["requiredScenarioState"], (string?)json["newScenarioState"], where);
        }
        else if (json.ContainsKey("requiredScenarioState") || json.ContainsKey("newScenarioState"))
        {
            throw Unsupported(where, "a scenario state without scenarioName");
        }

        builder.RespondWith(response);
    }

    /// <summary>
    /// WireMock.org scenarios on WireMock.Net: WireMock.org starts every scenario in the state <c>Started</c> and keeps the
    /// state when a mapping sets none; WireMock.Net starts with no state and sets the mapping's next state (none = back to the
    /// start). So <c>Started</c> is "no state" and a mapping without <c>newScenarioState</c> sets its own state again. A
    /// mapping that matches in any state (no <c>requiredScenarioState</c>) or moves back to <c>Started</c> has no exact
    /// equivalent and is refused.
    /// </summary>
    private static IRespondWithAProvider InScenario(IRespondWithAProvider builder, string scenario, string? required, string? next, string where)
    {
        const string Started = "Started";
        if (required is null)
        {
            throw Unsupported(where, "scenarioName without requiredScenarioState (matching in every state)");
        }

        if (next == Started && required != Started)
        {
            throw Unsupported(where, "newScenarioState 'Started' (a return to the start state)");
        }

        builder = builder.InScenario(scenario);
        if (required != Started)
        {
            builder = builder.WhenStateIs(required);
        }

        var target = next ?? required;
        return target == Started ? builder : builder.WillSetStateTo(target);
    }

    private static IRequestBuilder BuildRequest(JsonObject request, string where)
    {
        Allow(request, where, "request.", "method", "url", "urlPath", "urlPathPattern", "urlPattern", "headers", "queryParameters", "bodyPatterns");
        var builder = Request.Create();
        var method = (string?)request["method"] ?? "ANY";
        builder = method == "ANY" ? builder.UsingAnyMethod() : builder.UsingMethod(method);

        var urls = new[] { "url", "urlPath", "urlPathPattern", "urlPattern" }.Where(request.ContainsKey).ToList();
        if (urls.Count != 1)
        {
            throw Unsupported(where, $"request needs exactly one of url, urlPath, urlPathPattern, urlPattern (has {urls.Count})");
        }

        var url = (string)request[urls[0]]!;
        builder = urls[0] switch
        {
            "url" => builder.Add(new WireMockOrgUrlMatcher(url, isRegex: false)),
            "urlPattern" => builder.Add(new WireMockOrgUrlMatcher(url, isRegex: true)),
            "urlPath" => builder.WithPath(new ExactMatcher(url)),
            _ => builder.WithPath(new RegexMatcher(MatchBehaviour.AcceptOnMatch, Anchored(url), ignoreCase: false, useRegexExtended: false)),
        };

        if (request["headers"] is JsonObject headers)
        {
            foreach (var (name, pattern) in headers)
            {
                builder = AddHeader(builder, name, Pattern(pattern, where, $"request.headers.{name}"), where);
            }
        }

        if (request["queryParameters"] is JsonObject query)
        {
            foreach (var (name, pattern) in query)
            {
                builder = AddQueryParameter(builder, name, Pattern(pattern, where, $"request.queryParameters.{name}"), where);
            }
        }

        if (request["bodyPatterns"] is JsonArray bodyPatterns)
        {
            builder = builder.Add(WireMockOrgBodyMatcher.Create(bodyPatterns, where));
        }

        return builder;
    }

    // Header names are case-insensitive (ignoreCase: true looks the name up that way); values compare case-sensitively,
    // as in WireMock.org. WireMock.Net's header matcher applies its own match behaviour only when the header is missing,
    // and each value matcher's behaviour when it is present: absent = (missing → match) + (present → reject).
    private static IRequestBuilder AddHeader(IRequestBuilder builder, string name, StringValuePattern pattern, string where) => pattern.Kind switch
    {
        "absent" => builder.WithHeader(name, true, MatchBehaviour.RejectOnMatch, MatchOperator.Or, new WildcardMatcher(MatchBehaviour.RejectOnMatch, "*")),
        _ => builder.WithHeader(name, true, MatchBehaviour.AcceptOnMatch, MatchOperator.Or, ToStringMatcher(pattern, where)),
    };

    // WireMock.Net's query matcher applies its behaviour to the whole result: a missing key scores 0, so
    // absent = RejectOnMatch of "key present"; every other pattern needs the key (as in WireMock.org).
    private static IRequestBuilder AddQueryParameter(IRequestBuilder builder, string name, StringValuePattern pattern, string where) => pattern.Kind switch
    {
        "absent" => builder.WithParam(name, MatchBehaviour.RejectOnMatch),
        _ => builder.WithParam(name, MatchBehaviour.AcceptOnMatch, false, ToStringMatcher(pattern, where)),
    };

    private static IStringMatcher ToStringMatcher(StringValuePattern pattern, string where) => pattern.Kind switch
    {
        "equalTo" => new ExactMatcher(MatchBehaviour.AcceptOnMatch, pattern.CaseInsensitive, MatchOperator.Or, pattern.Value!),
        "contains" => new RegexMatcher(MatchBehaviour.AcceptOnMatch, Regex.Escape(pattern.Value!), pattern.CaseInsensitive, useRegexExtended: false),
        "matches" => new RegexMatcher(MatchBehaviour.AcceptOnMatch, Anchored(pattern.Value!), ignoreCase: false, useRegexExtended: false),
        "doesNotMatch" => new RegexMatcher(MatchBehaviour.RejectOnMatch, Anchored(pattern.Value!), ignoreCase: false, useRegexExtended: false),
        _ => throw Unsupported(where, $"string pattern '{pattern.Kind}'"),
    };

    private static IResponseBuilder BuildResponse(JsonObject response, string where)
    {
        Allow(response, where, "response.", "status", "headers", "jsonBody", "body", "fixedDelayMilliseconds");
        var builder = Response.Create().WithStatusCode((int?)response["status"] ?? 200);
        if (response["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                var values = value switch
                {
                    JsonArray array => array.Select(v => (string)v!).ToArray(),
                    _ => [(string)value!],
                };
                builder = builder.WithHeader(name, values);
            }
        }

        if (response["jsonBody"] is { } jsonBody)
        {
            builder = builder.WithBody(jsonBody.ToJsonString(BodyWriter));
        }
        else if (response["body"] is { } body)
        {
            builder = builder.WithBody((string)body!);
        }

        if ((int?)response["fixedDelayMilliseconds"] is { } delay)
        {
            builder = builder.WithDelay(delay);
        }

        return builder;
    }

    /// <summary>Reads a WireMock.org string value pattern (<c>{"equalTo": "…"}</c>, <c>{"absent": true}</c>, …).</summary>
    internal static StringValuePattern Pattern(JsonNode? node, string where, string path)
    {
        if (node is not JsonObject pattern)
        {
            throw Unsupported(where, $"{path} is not a pattern object");
        }

        var kinds = pattern.Select(p => p.Key).Where(k => k is not "caseInsensitive").ToList();
        if (kinds.Count != 1)
        {
            throw Unsupported(where, $"{path} has {kinds.Count} patterns ({string.Join(", ", kinds)}); exactly one is supported");
        }

        var kind = kinds[0];
        var caseInsensitive = (bool?)pattern["caseInsensitive"] ?? false;
        switch (kind)
        {
            case "equalTo" or "contains" or "matches" or "doesNotMatch":
                if (caseInsensitive && kind is not ("equalTo" or "contains"))
                {
                    throw Unsupported(where, $"{path}: caseInsensitive with {kind}");
                }

                return new StringValuePattern(kind, (string?)pattern[kind] ?? throw Unsupported(where, $"{path}.{kind} is not a string"), caseInsensitive);
            case "absent" when (bool?)pattern["absent"] == true:
                return new StringValuePattern("absent", null, false);
            default:
                throw Unsupported(where, $"{path}: '{kind}'");
        }
    }

    internal static string Anchored(string regex) => "^(?:" + regex + ")$";

    internal static NotSupportedException Unsupported(string mapping, string what) =>
        new($"Contract mapping {mapping}: {what} is not supported by the WireMock.org → WireMock.Net conversion.");

    private static JsonObject Object(JsonObject parent, string name, string where) =>
        parent[name] as JsonObject ?? throw Unsupported(where, $"missing or non-object '{name}'");

    private static void Allow(JsonObject json, string where, string path, params string[] known)
    {
        foreach (var (name, _) in json)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Unsupported(where, $"'{path}{name}'");
            }
        }
    }
}

/// <summary>A WireMock.org string value pattern: equalTo, contains, matches, doesNotMatch or absent.</summary>
internal sealed record StringValuePattern(string Kind, string? Value, bool CaseInsensitive)
{
    /// <summary>WireMock.org semantics on a value that may be missing (null).</summary>
    public bool IsMatch(string? actual) => Kind switch
    {
        "absent" => actual is null,
        _ when actual is null => false,
        "equalTo" => string.Equals(actual, Value, CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        "contains" => actual.Contains(Value!, CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        "matches" => Regex.IsMatch(actual, WireMockOrgMappingConverter.Anchored(Value!), RegexOptions.None, TimeSpan.FromSeconds(1)),
        "doesNotMatch" => !Regex.IsMatch(actual, WireMockOrgMappingConverter.Anchored(Value!), RegexOptions.None, TimeSpan.FromSeconds(1)),
        _ => false,
    };
}

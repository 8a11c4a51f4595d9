using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.Matchers.Request;

namespace SupportBot.Client.Testing.Internal;

/// <summary>
/// A mapping's <c>bodyPatterns</c> with WireMock.org's meaning: every pattern must match (AND).
/// <list type="bullet">
/// <item><c>equalToJson</c> with <c>ignoreExtraElements</c> (extra object fields and trailing array items ignored) and
/// <c>ignoreArrayOrder</c>; numbers compare by value;</item>
/// <item><c>matchesJsonPath</c> with a definite path (<c>$.a.b</c>, <c>$.a[0].b</c>, <c>$['a']</c>): alone, it matches when
/// the path leads to a value that is not null and not an empty object or array; with a string pattern (<c>equalTo</c>,
/// <c>contains</c>, <c>matches</c>, <c>doesNotMatch</c>), that pattern is applied to the value as text (strings as they are,
/// numbers and booleans as written, objects and arrays as WireMock.org renders them: Jackson's pretty printer);</item>
/// <item><c>not</c> inverts one pattern; <c>equalTo</c>/<c>contains</c>/<c>matches</c> apply to the body text.</item>
/// </list>
/// </summary>
internal sealed class WireMockOrgBodyMatcher : IRequestMatcher
{
    private static readonly JsonSerializerOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IReadOnlyList<Func<Body, bool>> _patterns;

    private WireMockOrgBodyMatcher(IReadOnlyList<Func<Body, bool>> patterns) => _patterns = patterns;

    public static WireMockOrgBodyMatcher Create(JsonArray bodyPatterns, string where) =>
        new(bodyPatterns.Select((p, i) => Compile(p, where, $"request.bodyPatterns[{i}]")).ToList());

    public double GetMatchingScore(IRequestMessage requestMessage, IRequestMatchResult requestMatchResult)
    {
        var body = new Body(requestMessage.Body);
        var isMatch = _patterns.All(p => p(body));
        return requestMatchResult.AddScore(GetType(), isMatch ? MatchScores.Perfect : MatchScores.Mismatch, null);
    }

    private static Func<Body, bool> Compile(JsonNode? node, string where, string path)
    {
        if (node is not JsonObject pattern)
        {
            throw WireMockOrgMappingConverter.Unsupported(where, $"{path} is not an object");
        }

        if (pattern.ContainsKey("equalToJson"))
        {
            return CompileEqualToJson(pattern, where, path);
        }

        if (pattern.ContainsKey("matchesJsonPath"))
        {
            Only(pattern, where, path, "matchesJsonPath");
            return CompileJsonPath(pattern["matchesJsonPath"], where, path + ".matchesJsonPath");
        }

        if (pattern.ContainsKey("not"))
        {
            Only(pattern, where, path, "not");
            var inner = Compile(pattern["not"], where, path + ".not");
            return body => !inner(body);
        }

        var text = WireMockOrgMappingConverter.Pattern(pattern, where, path);
        if (text.Kind == "absent")
        {
            return body => body.Text is null or "";
        }

        return body => text.IsMatch(body.Text ?? string.Empty);
    }

    private static Func<Body, bool> CompileEqualToJson(JsonObject pattern, string where, string path)
    {
        Only(pattern, where, path, "equalToJson", "ignoreExtraElements", "ignoreArrayOrder");
        var expected = pattern["equalToJson"] is JsonValue v && v.TryGetValue<string>(out var text)
            ? JsonNode.Parse(text)
            : pattern["equalToJson"]?.DeepClone();
        if (expected?.ToJsonString().Contains("${json-unit.", StringComparison.Ordinal) == true)
        {
            throw WireMockOrgMappingConverter.Unsupported(where, $"{path}: JsonUnit placeholders");
        }

        var ignoreExtra = (bool?)pattern["ignoreExtraElements"] ?? false;
        var ignoreOrder = (bool?)pattern["ignoreArrayOrder"] ?? false;
        return body => body.TryGetJson(out var actual) && JsonEquals(expected, actual, ignoreExtra, ignoreOrder);
    }

    private static Func<Body, bool> CompileJsonPath(JsonNode? node, string where, string path)
    {
        string expression;
        StringValuePattern? valuePattern = null;
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var s):
                expression = s;
                break;
            case JsonObject obj:
                expression = (string?)obj["expression"] ?? throw WireMockOrgMappingConverter.Unsupported(where, $"{path} without expression");
                var rest = obj.DeepClone().AsObject();
                rest.Remove("expression");
                valuePattern = WireMockOrgMappingConverter.Pattern(rest, where, path);
                break;
            default:
                throw WireMockOrgMappingConverter.Unsupported(where, $"{path} is neither a string nor an object");
        }

        var segments = DefiniteJsonPath.Parse(expression) ?? throw WireMockOrgMappingConverter.Unsupported(where, $"{path}: JSONPath '{expression}' (only definite paths like $.a.b[0] are)");
        if (valuePattern is null)
        {
            return body => body.TryGetJson(out var json) && DefiniteJsonPath.Select(json, segments, out var found) && IsNonEmpty(found);
        }

        return body =>
        {
            if (!body.TryGetJson(out var json))
            {
                return false;
            }

            var text = DefiniteJsonPath.Select(json, segments, out var found) && found is not null ? AsText(found) : null;
            return valuePattern.IsMatch(text);
        };
    }

    private static bool IsNonEmpty(JsonNode? node) => node switch
    {
        null => false,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        _ => true,
    };

    /// <summary>
    /// The text WireMock.org applies a value pattern to: a string as it is, a number or boolean as written, an object
    /// or array as WireMock.org writes it (Jackson's default pretty printer), so length and regex patterns agree.
    /// </summary>
    internal static string AsText(JsonNode node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        var text = new StringBuilder();
        WritePretty(node, text, 0);
        return text.ToString();
    }

    // Jackson's DefaultPrettyPrinter as WireMock.org configures it: objects one field per line, indented by two spaces,
    // "name" : value, fields whose value is null left out; arrays on one line, [ a, b ]; empty ones { } and [ ]; "\n".
    private static void WritePretty(JsonNode? node, StringBuilder text, int depth)
    {
        switch (node)
        {
            case JsonObject o when o.All(p => p.Value is null):
                text.Append("{ }");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in o.Where(p => p.Value is not null))
                {
                    text.Append(first ? "" : ",").Append('\n').Append(' ', 2 * (depth + 1));
                    text.Append(JsonValue.Create(name).ToJsonString(CompactWriter)).Append(" : ");
                    WritePretty(value, text, depth + 1);
                    first = false;
                }

                text.Append('\n').Append(' ', 2 * depth).Append('}');
                break;
            case JsonArray a when a.Count == 0:
                text.Append("[ ]");
                break;
            case JsonArray a:
                text.Append("[ ");
                for (var i = 0; i < a.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    WritePretty(a[i], text, depth);
                }

                text.Append(" ]");
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString(CompactWriter));
                break;
        }
    }

    private static bool JsonEquals(JsonNode? expected, JsonNode? actual, bool ignoreExtra, bool ignoreOrder)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonObject eo:
                if (actual is not JsonObject ao || (!ignoreExtra && ao.Count != eo.Count))
                {
                    return false;
                }

                return eo.All(p => ao.TryGetPropertyValue(p.Key, out var a) && JsonEquals(p.Value, a, ignoreExtra, ignoreOrder));
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count < ea.Count || (!ignoreExtra && aa.Count != ea.Count))
                {
                    return false;
                }

                return ignoreOrder
                    ? MatchUnordered(ea, aa, 0, new bool[aa.Count], ignoreExtra)
                    : ea.Select((e, i) => JsonEquals(e, aa[i], ignoreExtra, ignoreOrder)).All(x => x);
            default:
                return actual is JsonValue && ValueEquals(expected.AsValue(), actual.AsValue());
        }
    }

    private static bool MatchUnordered(JsonArray expected, JsonArray actual, int index, bool[] used, bool ignoreExtra)
    {
        if (index == expected.Count)
        {
            return true;
        }

        for (var i = 0; i < actual.Count; i++)
        {
            if (!used[i] && JsonEquals(expected[index], actual[i], ignoreExtra, ignoreOrder: true))
            {
                used[i] = true;
                if (MatchUnordered(expected, actual, index + 1, used, ignoreExtra))
                {
                    return true;
                }

                used[i] = false;
            }
        }

        return false;
    }

    private static bool ValueEquals(JsonValue expected, JsonValue actual)
    {
        var kind = expected.GetValueKind();
        if (kind != actual.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            JsonValueKind.Number => expected.TryGetValue<decimal>(out var e) && actual.TryGetValue<decimal>(out var a)
                ? e == a
                : expected.GetValue<double>().Equals(actual.GetValue<double>()),
            _ => true, // true, false, null: same kind is same value
        };
    }

    private static void Only(JsonObject pattern, string where, string path, params string[] allowed)
    {
        foreach (var (name, _) in pattern)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw WireMockOrgMappingConverter.Unsupported(where, $"{path}.{name}");
            }
        }
    }

    /// <summary>The request body, parsed as JSON at most once.</summary>
    private sealed class Body(string? text)
    {
        private bool _parsed;
        private bool _isJson;
        private JsonNode? _json;

        public string? Text { get; } = text;

        public bool TryGetJson(out JsonNode? json)
        {
            if (!_parsed)
            {
                _parsed = true;
                if (!string.IsNullOrWhiteSpace(Text))
                {
                    try
                    {
                        _json = JsonNode.Parse(Text);
                        _isJson = true;
                    }
                    catch (JsonException)
                    {
                        _isJson = false;
                    }
                }
            }

            json = _json;
            return _isJson;
        }
    }
}

/// <summary>A definite JSONPath (<c>$</c>, then <c>.name</c>, <c>['name']</c> or <c>[index]</c> steps) over System.Text.Json nodes.</summary>
internal static class DefiniteJsonPath
{
    /// <summary>The steps (string = property, int = index), or null when the expression is not a definite path.</summary>
    public static IReadOnlyList<object>? Parse(string expression)
    {
        if (!expression.StartsWith('$'))
        {
            return null;
        }

        var steps = new List<object>();
        var i = 1;
        while (i < expression.Length)
        {
            if (expression[i] == '.')
            {
                var start = ++i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '-' or '$'))
                {
                    i++;
                }

                if (i == start)
                {
                    return null; // "..", ".*"
                }

                steps.Add(expression[start..i]);
            }
            else if (expression[i] == '[')
            {
                var end = expression.IndexOf(']', i);
                if (end < 0)
                {
                    return null;
                }

                var inner = expression[(i + 1)..end];
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    steps.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(index);
                }
                else
                {
                    return null; // wildcards, filters, slices, unions
                }

                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return steps;
    }

    /// <summary>Follows <paramref name="steps"/>; false when a step finds nothing (a JSON null value is found, as null).</summary>
    public static bool Select(JsonNode? root, IReadOnlyList<object> steps, out JsonNode? found)
    {
        found = root;
        foreach (var step in steps)
        {
            switch (step)
            {
                case string name when found is JsonObject o && o.TryGetPropertyValue(name, out var next):
                    found = next;
                    break;
                case int index when found is JsonArray a && index < a.Count:
                    found = a[index];
                    break;
                default:
                    found = null;
                    return false;
            }
        }

        return true;
    }
}

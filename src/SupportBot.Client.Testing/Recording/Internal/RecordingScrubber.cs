using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Client.Testing.Providers;

namespace SupportBot.Client.Testing.Recording.Internal;

/// <summary>
/// The secrets one recording session has seen, each with its placeholder, and the replacement of all of them in any text.
/// Keys become key placeholders the replay can send (the first key the documents' example key, e.g. <c>YOUR_API_KEY</c>,
/// every other <c>&lt;prefix&gt;recorded_key_&lt;n&gt;</c>); every other secret becomes <c>[scrubbed]</c>. The secrets
/// themselves stay in memory only, for the life of the session.
/// </summary>
internal sealed class RecordingScrubber
{
    /// <summary>Secrets shorter than this are replaced only where a whole value equals them, never inside other text.</summary>
    private const int MinSubstringLength = 4;

    private readonly ProviderContractData _provider;
    private readonly IReadOnlyList<Regex> _keyPatterns;
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inUse = new(StringComparer.Ordinal);
    private List<KeyValuePair<string, string>> _longestFirst = [];
    private int _keys;

    public RecordingScrubber(ProviderContractData provider, string? apiKey, IEnumerable<string> secrets, IEnumerable<Regex> extraPatterns)
    {
        _provider = provider;
        _keyPatterns = [.. SecretRules.BuiltInPatterns.Where(p => p != SecretRules.Jwt), .. extraPatterns];
        if (!string.IsNullOrEmpty(apiKey))
        {
            AddKey(apiKey);
        }

        foreach (var secret in secrets)
        {
            AddValue(secret);
        }
    }

    /// <summary>Learns a key; returns its placeholder (the same one each time the key is seen).</summary>
    public string AddKey(string secret)
    {
        if (SecretRules.IsPlaceholder(secret))
        {
            // Sent as it is (a recording against a mock): no real key may be given the same placeholder.
            _inUse.Add(secret);
            return secret;
        }

        if (_placeholders.TryGetValue(secret, out var known))
        {
            return known;
        }

        string placeholder;
        do
        {
            var n = ++_keys;
            placeholder = n == 1 && _provider.ApiKey is { } documented ? documented : _provider.KeyPrefix + SecretRules.RecordedKeyStem + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (!_inUse.Add(placeholder));

        Add(secret, placeholder);
        return placeholder;
    }

    /// <summary>Learns a secret that is not a key (user data, a session cookie); its placeholder is <c>[scrubbed]</c>.</summary>
    public void AddValue(string secret)
    {
        if (!SecretRules.IsPlaceholder(secret) && !_placeholders.ContainsKey(secret))
        {
            Add(secret, SecretRules.Scrubbed);
        }
    }

    /// <summary>Learns every secret a JSON value holds: the leaves under secret members (keys or not, by the member's name).</summary>
    public void Learn(JsonNode? node, bool underSecret = false, bool asKey = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var secret = underSecret || SecretRules.IsSecretField(name);
                    Learn(value, secret, underSecret ? asKey : SecretRules.IsKeyField(name));
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Learn(item, underSecret, asKey);
                }

                break;
            case JsonValue value when underSecret && value.TryGetValue<string>(out var text) && text.Length > 0:
                if (asKey)
                {
                    AddKey(text);
                }
                else
                {
                    AddValue(text);
                }

                break;
        }
    }

    /// <summary>Every known secret and every key-pattern or JWT match in <paramref name="text"/>, replaced by its placeholder.</summary>
    public string Scrub(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (_placeholders.TryGetValue(text, out var whole))
        {
            return whole;
        }

        foreach (var (secret, placeholder) in _longestFirst)
        {
            if (secret.Length >= MinSubstringLength)
            {
                text = text.Replace(secret, placeholder, StringComparison.Ordinal);
            }
        }

        foreach (var pattern in _keyPatterns)
        {
            text = pattern.Replace(text, m => SecretRules.IsPlaceholder(m.Value) ? m.Value : AddKey(m.Value));
        }

        return SecretRules.Jwt.Replace(text, m =>
        {
            AddValue(m.Value);
            return SecretRules.Scrubbed;
        });
    }

    /// <summary>
    /// A scrubbed copy of a JSON value: secret members' leaves become their placeholders (keys) or <c>[scrubbed]</c>, every
    /// other string is <see cref="Scrub(string)"/>bed. <paramref name="secretPaths"/> receives the JSONPath of each secret
    /// member that is not a key (the request matcher drops those and asks only that they are present).
    /// </summary>
    public JsonNode? ScrubJson(JsonNode? node, string path, List<string> secretPaths, List<string> scrubbedPaths) =>
        ScrubJson(node, path, secretPaths, scrubbedPaths, underSecret: false, asKey: false);

    private JsonNode? ScrubJson(JsonNode? node, string path, List<string> secretPaths, List<string> scrubbedPaths, bool underSecret, bool asKey)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var childPath = JsonPath.Member(path, name);
                    var secret = !underSecret && SecretRules.IsSecretField(name);
                    if (secret && !SecretRules.IsKeyField(name))
                    {
                        secretPaths.Add(childPath);
                    }

                    if (secret)
                    {
                        scrubbedPaths.Add(childPath);
                    }

                    copy[name] = ScrubJson(value, childPath, secretPaths, scrubbedPaths, underSecret || secret, underSecret ? asKey : SecretRules.IsKeyField(name));
                }

                return copy;
            }

            case JsonArray array:
            {
                var copy = new JsonArray();
                var i = 0;
                foreach (var item in array)
                {
                    copy.Add(ScrubJson(item, $"{path}[{i++}]", secretPaths, scrubbedPaths, underSecret, asKey));
                }

                return copy;
            }

            case JsonValue value when underSecret:
                return value.TryGetValue<string>(out var secretText) && asKey
                    ? JsonValue.Create(AddKey(secretText))
                    : JsonValue.Create(SecretRules.Scrubbed);
            case JsonValue value when value.TryGetValue<string>(out var text):
            {
                var scrubbed = Scrub(text);
                if (!string.Equals(scrubbed, text, StringComparison.Ordinal))
                {
                    scrubbedPaths.Add(path);
                }

                return JsonValue.Create(scrubbed);
            }

            default:
                return node?.DeepClone();
        }
    }

    private void Add(string secret, string placeholder)
    {
        _placeholders[secret] = placeholder;
        _longestFirst = [.. _placeholders.OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }
}

/// <summary>Definite JSONPath expressions as WireMock.org's <c>matchesJsonPath</c> reads them.</summary>
internal static class JsonPath
{
    public static string Member(string parent, string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? parent + "." + name
            : parent + "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
}

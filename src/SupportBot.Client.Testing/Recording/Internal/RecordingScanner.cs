using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SupportBot.Client.Testing.Recording.Internal;

/// <summary>The secret scan of one mapping file (see <see cref="SupportBotRecordings.Scan"/>).</summary>
internal sealed class RecordingScanner
{
    private const string Fix = "scrub it (re-record, or replace it with a placeholder) before committing";

    private readonly IReadOnlyList<string> _knownSecrets;
    private readonly IReadOnlyList<(Regex Pattern, string What)> _patterns;

    public RecordingScanner(IEnumerable<string> knownSecrets, IEnumerable<Regex> extraPatterns)
    {
        _knownSecrets = [.. knownSecrets];
        _patterns =
        [
            .. SecretRules.BuiltInPatterns.Select(p => (p, p == SecretRules.Jwt ? "a JWT" : "a value in the shape of a provider key")),
            .. extraPatterns.Select(p => (p, $"a match of the secret pattern '{p}'")),
        ];
    }

    public IEnumerable<RecordingFinding> Scan(string file, string displayName)
    {
        var findings = new List<RecordingFinding>();
        var text = File.ReadAllText(file);
        for (var i = 0; i < _knownSecrets.Count; i++)
        {
            if (text.Contains(_knownSecrets[i], StringComparison.Ordinal))
            {
                findings.Add(new(displayName, "bytes", $"known secret #{(i + 1).ToString(CultureInfo.InvariantCulture)} ({Mask(_knownSecrets[i], 0)}) is in the file; {Fix}"));
            }
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            findings.Add(new(displayName, "$", $"not JSON, so it cannot be scanned ({ex.Message.Split('.')[0]}); fix or remove the file"));
            return findings;
        }

        var recorded = root?["metadata"]?["recorded"] is not null;
        Walk(root, "$", displayName, recorded, findings, secretContext: null);
        return findings.DistinctBy(f => (f.Location, f.Reason));
    }

    private void Walk(JsonNode? node, string path, string file, bool recorded, List<RecordingFinding> findings, string? secretContext)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var childPath = JsonPath.Member(path, name);
                    var context = secretContext;
                    if (context is null && IsHeaderContainer(path) && SecretRules.IsSecretHeader(name))
                    {
                        context = "header:" + name;
                    }
                    else if (context is null && recorded && SecretRules.IsSecretField(name) && !IsHeaderContainer(path))
                    {
                        context = "field:" + name;
                    }

                    Walk(value, childPath, file, recorded, findings, context);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", file, recorded, findings, secretContext);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                Check(text, path, file, findings, secretContext);
                break;
            case JsonValue when secretContext is not null && secretContext.StartsWith("field:", StringComparison.Ordinal):
                findings.Add(new(file, path, $"{secretContext[6..]} holds a value that is not scrubbed; {Fix}"));
                break;
        }
    }

    private void Check(string text, string path, string file, List<RecordingFinding> findings, string? secretContext)
    {
        foreach (var secret in _knownSecrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                findings.Add(new(file, path, $"a known secret ({Mask(secret, 0)}) is in this value; {Fix}"));
            }
        }

        foreach (var (pattern, what) in _patterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (!SecretRules.IsPlaceholder(match.Value))
                {
                    findings.Add(new(file, path, $"{what} ({Mask(match.Value, 4)}) that is not a placeholder; {Fix}"));
                }
            }
        }

        // A credential header or secret member: the whole value must be a placeholder. A regex pattern (matches/doesNotMatch)
        // and an absent check hold no credential; the pattern kinds' own names are not values.
        if (secretContext is null || path.EndsWith(".matches", StringComparison.Ordinal) || path.EndsWith(".doesNotMatch", StringComparison.Ordinal))
        {
            return;
        }

        var credential = secretContext.StartsWith("header:", StringComparison.Ordinal) ? SecretRules.SplitScheme(text).Credential : text;
        if (!SecretRules.IsPlaceholder(credential))
        {
            findings.Add(new(file, path, $"{secretContext[(secretContext.IndexOf(':', StringComparison.Ordinal) + 1)..]} holds a value ({Mask(credential, 0)}) that is not a placeholder; {Fix}"));
        }
    }

    /// <summary>Request, response and example header objects: <c>…headers</c>.</summary>
    private static bool IsHeaderContainer(string path) => path.EndsWith(".headers", StringComparison.Ordinal);

    /// <summary>Shows no more of a secret than its first <paramref name="visible"/> characters (a key prefix) and its length.</summary>
    private static string Mask(string secret, int visible) =>
        $"{(visible > 0 && secret.Length > visible * 3 ? secret[..visible] + "…" : string.Empty)}{secret.Length.ToString(CultureInfo.InvariantCulture)} chars";
}

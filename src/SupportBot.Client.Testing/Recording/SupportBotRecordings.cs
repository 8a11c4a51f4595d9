using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Client.Testing.Recording.Internal;

namespace SupportBot.Client.Testing.Recording;

/// <summary>Recorded folders: load them as contract mappings, and scan them (or any mapping folder) for secrets.</summary>
public static class SupportBotRecordings
{
    /// <summary>
    /// Loads the mappings of a recording folder (<c>&lt;folder&gt;/mappings/*.json</c>, or <c>&lt;folder&gt;/*.json</c> when it
    /// has no <c>mappings/</c>), ordered by file name. Each names its provider in <c>metadata.provider</c>.
    /// </summary>
    /// <param name="folder">The recording folder.</param>
    /// <returns>The mappings, ready for <see cref="SupportBotContracts.AddTo"/> or <see cref="SupportBotWireMockOptions.RecordingFolders"/>.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (the message names the path tried).</exception>
    /// <exception cref="FormatException">A file is not a mapping with a known provider (the message names the file).</exception>
    public static IReadOnlyList<ContractMapping> Load(string folder)
    {
        var list = new List<ContractMapping>();
        foreach (var file in MappingFiles(folder))
        {
            var json = File.ReadAllText(file);
            string? providerName;
            try
            {
                providerName = (string?)JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })?["metadata"]?["provider"];
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new FormatException($"Recorded mapping {file} is not a JSON object: {ex.Message}", ex);
            }

            if (!Enum.TryParse<SupportBotProvider>(providerName, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            {
                throw new FormatException($"Recorded mapping {file} has metadata.provider '{providerName}'; it must be one of {string.Join(", ", Enum.GetNames<SupportBotProvider>())}.");
            }

            try
            {
                list.Add(new ContractMapping(provider, json));
            }
            catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
            {
                throw new FormatException($"Recorded mapping {file} is not a valid mapping: {ex.Message}", ex);
            }
        }

        return list;
    }

    /// <summary>
    /// Looks for secrets in every mapping file under <paramref name="folder"/> (recursively): a value in the shape of a
    /// provider key (<c>ask_…</c>, <c>sk_live_…</c>), a JWT or one of <paramref name="secretPatterns"/> that is not a
    /// documented or recording placeholder; a credential header whose value is not a placeholder; in recorded mappings, a
    /// <c>userContext</c>/<c>user_token</c>/credential member or query parameter not scrubbed; and anywhere in any byte,
    /// each of <paramref name="knownSecrets"/> (e.g. your real key). An empty list means the folder is clean.
    /// </summary>
    /// <param name="folder">The folder (a recording, or <c>contracts/wiremock</c>).</param>
    /// <param name="knownSecrets">Values that must not appear anywhere (empty entries are ignored).</param>
    /// <param name="secretPatterns">Further secret shapes, as .NET regular expressions.</param>
    /// <returns>The findings; a finding never holds the secret, only where it is and a masked hint.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<RecordingFinding> Scan(string folder, IEnumerable<string>? knownSecrets = null, IEnumerable<string>? secretPatterns = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Recording folder '{Path.GetFullPath(folder)}' does not exist.");
        }

        var scanner = new RecordingScanner(
            knownSecrets?.Where(s => !string.IsNullOrEmpty(s)) ?? [],
            secretPatterns?.Select(SecretRules.Custom) ?? []);
        return [.. Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(file => scanner.Scan(file, Path.GetRelativePath(folder, file)))];
    }

    private static IEnumerable<string> MappingFiles(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Recording folder '{Path.GetFullPath(folder)}' does not exist.");
        }

        var mappings = Path.Combine(folder, "mappings");
        var root = Directory.Exists(mappings) ? mappings : folder;
        return Directory.EnumerateFiles(root, "*.json").Order(StringComparer.Ordinal);
    }
}

/// <summary>A secret found in a mapping file: where, and why it counts as one. Never the secret itself.</summary>
/// <param name="File">The file, relative to the scanned folder.</param>
/// <param name="Location">Where in the file: a JSON path such as <c>$.response.jsonBody.error</c>, or <c>bytes</c> for a raw match.</param>
/// <param name="Reason">What was found, with a masked hint (<c>ask_…(32 chars)</c>), and the fix.</param>
public sealed record RecordingFinding(string File, string Location, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}: {Location}: {Reason}";
}

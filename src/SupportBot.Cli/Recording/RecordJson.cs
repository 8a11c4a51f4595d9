using System.Text.Json.Serialization;

namespace SupportBot.Cli.Recording;

/// <summary><c>record --json</c> when the proxy is listening.</summary>
internal sealed record RecordStartedJson(string Provider, string Proxy, string Upstream, string Folder);

/// <summary><c>record --json</c> after Ctrl+C: the files written, relative to the folder.</summary>
internal sealed record RecordStoppedJson(string Folder, IReadOnlyList<string> Files);

/// <summary><c>record --check --json</c>: the folder, whether it is clean, and every finding.</summary>
internal sealed record RecordCheckJson(string Folder, bool Clean, int Files, IReadOnlyList<RecordFindingJson> Findings);

/// <summary>One secret found: file, place, reason (never the secret).</summary>
internal sealed record RecordFindingJson(string File, string Location, string Reason);

/// <summary>The body the proxy answers with when it could not reach the upstream (502).</summary>
internal sealed record ProxyError(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RecordStartedJson))]
[JsonSerializable(typeof(RecordStoppedJson))]
[JsonSerializable(typeof(RecordCheckJson))]
[JsonSerializable(typeof(ProxyError))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace SupportBot.Cli.Doctor;

/// <summary><c>doctor --recording --json</c>: the verdict and one entry per recorded mapping.</summary>
internal sealed record RecordingDriftJson(string Status, int ExitCode, IReadOnlyList<RecordedMappingJson> Mappings);

/// <summary>One recorded mapping's drift.</summary>
internal sealed record RecordedMappingJson(string Name, string Endpoint, int Status, string Outcome, string? ComparedWith, bool Failure, IReadOnlyList<RecordedDifferenceJson> Differences);

/// <summary>One difference (as the live drift check words it).</summary>
internal sealed record RecordedDifferenceJson(string Kind, string Path, string? Documented, string? Live, bool Failure, string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RecordingDriftJson))]
internal sealed partial class RecordingDriftJsonContext : JsonSerializerContext;

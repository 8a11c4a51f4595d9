using System.Text.Json.Serialization;

namespace SupportBot.Client.Redis.Internal;

/// <summary>One list element of a conversation in Redis: <c>{"r":"user","c":"…","t":"2026-12-04T10:00:00+00:00"}</c>.</summary>
internal sealed class StoredMessage
{
    [JsonPropertyName("r")]
    public string Role { get; set; } = "user";

    [JsonPropertyName("c")]
    public string Content { get; set; } = string.Empty;

    [JsonPropertyName("t")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>A quota stop in Redis: <c>{"until":1767225600000,"used":1000,"limit":1000,"details":"…"}</c> (until in Unix ms).</summary>
internal sealed class QuotaStopRecord
{
    [JsonPropertyName("until")]
    public long Until { get; set; }

    [JsonPropertyName("used")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Used { get; set; }

    [JsonPropertyName("limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Limit { get; set; }

    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Details { get; set; }
}

/// <summary>The package's only JSON: source-generated (no reflection, AOT-clean).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(StoredMessage))]
[JsonSerializable(typeof(QuotaStopRecord))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;

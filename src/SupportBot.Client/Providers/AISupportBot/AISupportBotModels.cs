using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SupportBot.Client.Providers.AISupportBot;

/// <summary>Body of <c>POST /api/chat</c>.</summary>
public sealed class AISupportBotChatRequest
{
    /// <summary>The assistant's id, from the dashboard URL (required).</summary>
    public required string AssistantId { get; init; }

    /// <summary>The user's message (required).</summary>
    public required string Message { get; init; }

    /// <summary>Previous messages, oldest first; at most 15 are kept (the SDK sends the most recent 15).</summary>
    public IReadOnlyList<AISupportBotHistoryMessage>? History { get; init; }

    /// <summary>Your user's identifier, for logging.</summary>
    public string? UserId { get; init; }

    /// <summary>The Discord channel id the question came from.</summary>
    public string? ChannelId { get; init; }

    /// <summary>User data injected into the prompt; at most 4 KB (UTF-8 JSON).</summary>
    public JsonObject? UserContext { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"AISupportBotChatRequest {{ AssistantId = {AssistantId}, History = {History?.Count ?? 0}, UserContext = {(UserContext is null ? "(none)" : "***")} }}";
}

/// <summary>One history entry <c>{role, content}</c>.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text.</param>
public sealed record AISupportBotHistoryMessage(string Role, string Content);

/// <summary>Response of <c>POST /api/chat</c>.</summary>
public sealed class AISupportBotChatResponse
{
    /// <summary>The answer; may be empty when escalation was triggered.</summary>
    public string? Response { get; init; }

    /// <summary>True when the AI is not confident: route the user to a human.</summary>
    public bool RequiresEscalation { get; init; }

    /// <summary>Token counts of the request.</summary>
    public AISupportBotUsage? Usage { get; init; }
}

/// <summary>Token counts <c>{prompt_tokens, completion_tokens, total_tokens}</c>.</summary>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="TotalTokens">Total tokens.</param>
public sealed record AISupportBotUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

/// <summary>The AISupportBot wire contract's source-generated serializer context.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AISupportBotChatRequest))]
[JsonSerializable(typeof(AISupportBotChatResponse))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AISupportBotJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.MockServer.Providers.AISupportBot;

/// <summary><c>POST /api/chat</c> 200: <c>{response, requiresEscalation, usage{prompt_tokens, completion_tokens, total_tokens}}</c>.</summary>
internal sealed record AISupportBotChatReply(string Response, bool RequiresEscalation, AISupportBotUsageWire Usage);

/// <summary>Token usage; the document prints these names in snake case inside the camel-case body.</summary>
internal sealed record AISupportBotUsageWire(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AISupportBotChatReply))]
internal sealed partial class AISupportBotWireContext : JsonSerializerContext
{
    public static AISupportBotWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.CamelCase));
}

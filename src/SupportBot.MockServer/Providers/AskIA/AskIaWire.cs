using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.MockServer.Providers.AskIA;

/// <summary><c>POST widget/chat</c> 200: <c>{reply, conversationId, messageId}</c>.</summary>
internal sealed record AskIaChatReply(string Reply, string ConversationId, string MessageId);

/// <summary><c>GET bots/{id}</c> 200: <c>{id, name, description, category, language, createdAt}</c>.</summary>
internal sealed record AskIaBotReply(string Id, string? Name, string? Description, string? Category, string? Language, DateTimeOffset? CreatedAt);

/// <summary><c>GET bots/{id}/branding</c> 200.</summary>
internal sealed record AskIaBrandingReply(string? PrimaryColor, string? BackgroundColor, string? TextColor, string? LogoUrl, string? Position, string? Theme);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AskIaChatReply))]
[JsonSerializable(typeof(AskIaBotReply))]
[JsonSerializable(typeof(AskIaBrandingReply))]
internal sealed partial class AskIaWireContext : JsonSerializerContext
{
    public static AskIaWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.CamelCase));
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.MockServer.Providers.Asyntai;

/// <summary>Error envelope <c>{success:false, error}</c>.</summary>
internal sealed record AsyntaiError(bool Success, string Error);

/// <summary><c>POST chat/</c> 200: <c>{success, response, session_id}</c>.</summary>
internal sealed record AsyntaiChatReply(bool Success, string Response, string SessionId);

/// <summary><c>GET websites/</c> 200: <c>{success, websites[{id, name, domain, is_primary}]}</c>.</summary>
internal sealed record AsyntaiWebsitesReply(bool Success, IReadOnlyList<AsyntaiWebsiteWire> Websites);

/// <summary>A website; <c>id</c> is an integer.</summary>
internal sealed record AsyntaiWebsiteWire(int Id, string? Name, string? Domain, bool IsPrimary);

/// <summary><c>GET conversations/</c> 200: <c>{success, session_id, messages[{role, content, timestamp}]}</c>.</summary>
internal sealed record AsyntaiConversationReply(bool Success, string SessionId, IReadOnlyList<AsyntaiMessageWire> Messages);

/// <summary>A transcript message.</summary>
internal sealed record AsyntaiMessageWire(string Role, string Content, DateTimeOffset? Timestamp);

/// <summary><c>GET account/</c> 200: <c>{success, account{email, plan, messages_used, messages_limit}}</c>.</summary>
internal sealed record AsyntaiAccountReply(bool Success, AsyntaiAccountWire Account);

/// <summary>Account and usage.</summary>
internal sealed record AsyntaiAccountWire(string? Email, string Plan, long MessagesUsed, long? MessagesLimit);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AsyntaiError))]
[JsonSerializable(typeof(AsyntaiChatReply))]
[JsonSerializable(typeof(AsyntaiWebsitesReply))]
[JsonSerializable(typeof(AsyntaiConversationReply))]
[JsonSerializable(typeof(AsyntaiAccountReply))]
internal sealed partial class AsyntaiWireContext : JsonSerializerContext
{
    public static AsyntaiWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}

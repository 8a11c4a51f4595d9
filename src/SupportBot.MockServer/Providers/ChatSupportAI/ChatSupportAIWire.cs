using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.MockServer.Providers.ChatSupportAI;

/// <summary><c>POST widget/chat</c> 200: <c>{id, message, timestamp}</c>.</summary>
internal sealed record ChatSupportAIChatReply(string Id, string Message, DateTimeOffset Timestamp);

/// <summary><c>POST scrape</c> 200: <c>{url, title, content}</c> (the SDK method's result; the path is ours).</summary>
internal sealed record ChatSupportAIScrapeReply(string Url, string Title, string Content);

/// <summary><c>GET widget/{widgetId}/config</c> 200 (the SDK method's result; the path is ours).</summary>
internal sealed record ChatSupportAIWidgetConfigReply(
    string WidgetId,
    string? Name,
    string? WelcomeMessage,
    string? CompanyName,
    string? PrimaryColor,
    string? BackgroundColor,
    string? TextColor,
    string? LogoUrl,
    string? Position,
    string? Theme,
    string? Language);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChatSupportAIChatReply))]
[JsonSerializable(typeof(ChatSupportAIScrapeReply))]
[JsonSerializable(typeof(ChatSupportAIWidgetConfigReply))]
internal sealed partial class ChatSupportAIWireContext : JsonSerializerContext
{
    public static ChatSupportAIWireContext Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.CamelCase));
}

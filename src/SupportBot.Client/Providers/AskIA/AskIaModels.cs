using System.Text.Json.Serialization;

namespace SupportBot.Client.Providers.AskIA;

/// <summary>Body of <c>POST /api/widget/chat</c>.</summary>
public sealed class AskIaChatRequest
{
    /// <summary>The bot's unique id (required).</summary>
    public required string BotId { get; init; }

    /// <summary>The user's message (required).</summary>
    public required string Message { get; init; }

    /// <summary>The conversation to continue.</summary>
    public string? ConversationId { get; init; }
}

/// <summary>Response of <c>POST /api/widget/chat</c>: <c>{reply, conversationId, messageId}</c>.</summary>
public sealed class AskIaChatResponse
{
    /// <summary>The answer.</summary>
    public string? Reply { get; init; }

    /// <summary>The conversation id.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The message id.</summary>
    public string? MessageId { get; init; }
}

/// <summary>Response of <c>GET /api/bots/:id</c>.</summary>
public sealed class AskIaBot
{
    /// <summary>The bot id.</summary>
    public string? Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The category, e.g. <c>support</c>.</summary>
    public string? Category { get; init; }

    /// <summary>The language, e.g. <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>When the bot was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>Response of <c>GET /api/bots/:id/branding</c>.</summary>
public sealed class AskIaBranding : Internal.IWireBranding
{
    /// <summary>Primary color.</summary>
    public string? PrimaryColor { get; init; }

    /// <summary>Background color.</summary>
    public string? BackgroundColor { get; init; }

    /// <summary>Text color.</summary>
    public string? TextColor { get; init; }

    /// <summary>Logo URL.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>Position, e.g. <c>bottom-right</c>.</summary>
    public string? Position { get; init; }

    /// <summary>Theme, e.g. <c>light</c>.</summary>
    public string? Theme { get; init; }
}

/// <summary>The AskIA wire contract's source-generated serializer context (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AskIaChatRequest))]
[JsonSerializable(typeof(AskIaChatResponse))]
[JsonSerializable(typeof(AskIaBot))]
[JsonSerializable(typeof(AskIaBranding))]
internal sealed partial class AskIaJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace SupportBot.Client.Providers.ChatSupportAI;

/// <summary>Body of <c>POST /api/widget/chat</c>.</summary>
public sealed class ChatSupportAIChatRequest
{
    /// <summary>The user's message (required).</summary>
    public required string Message { get; init; }

    /// <summary>The widget (required).</summary>
    public required string WidgetId { get; init; }

    /// <summary>A unique identifier of the chat session.</summary>
    public string? SessionId { get; init; }

    /// <summary>Company rules and scraped website data for the AI.</summary>
    public ChatSupportAIContext? Context { get; init; }
}

/// <summary><c>context</c>: company rules and scraped data.</summary>
public sealed class ChatSupportAIContext
{
    /// <summary>The company rules.</summary>
    public ChatSupportAIRules? Rules { get; init; }

    /// <summary>Scraped website text.</summary>
    public string? ScrapedData { get; init; }
}

/// <summary><c>context.rules</c>.</summary>
public sealed class ChatSupportAIRules
{
    /// <summary>The company name.</summary>
    public string? CompanyName { get; init; }

    /// <summary>The company description.</summary>
    public string? CompanyDescription { get; init; }

    /// <summary>Policies <c>[{title, content}]</c>.</summary>
    public IReadOnlyList<ChatSupportAIPolicy>? Policies { get; init; }

    /// <summary>The tone, e.g. <c>friendly</c>.</summary>
    public string? Tone { get; init; }
}

/// <summary>One policy.</summary>
/// <param name="Title">The title.</param>
/// <param name="Content">The text.</param>
public sealed record ChatSupportAIPolicy(string Title, string Content);

/// <summary>Response of <c>POST /api/widget/chat</c>: <c>{id, message, timestamp}</c>.</summary>
public sealed class ChatSupportAIChatResponse
{
    /// <summary>The response id, e.g. <c>resp_1680123456789</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The AI's answer.</summary>
    public string? Message { get; init; }

    /// <summary>When the answer was produced.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>Body of the scrape call: <c>{url}</c>.</summary>
/// <param name="Url">The page to scrape.</param>
public sealed record ChatSupportAIScrapeRequest(string Url);

/// <summary>Result of the scrape call (shape not published; see docs/providers.md).</summary>
public sealed class ChatSupportAIScrapeResponse
{
    /// <summary>The page scraped.</summary>
    public string? Url { get; init; }

    /// <summary>The page title.</summary>
    public string? Title { get; init; }

    /// <summary>The page text; pass it as <see cref="ChatRequest.ScrapedData"/>.</summary>
    public string? Content { get; init; }
}

/// <summary>Widget configuration (shape not published; see docs/providers.md).</summary>
public sealed class ChatSupportAIWidgetConfig : Internal.IWireBranding
{
    /// <summary>The widget id.</summary>
    public string? WidgetId { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The greeting shown first.</summary>
    public string? WelcomeMessage { get; init; }

    /// <summary>The company name.</summary>
    public string? CompanyName { get; init; }

    /// <summary>Primary color.</summary>
    public string? PrimaryColor { get; init; }

    /// <summary>Background color.</summary>
    public string? BackgroundColor { get; init; }

    /// <summary>Text color.</summary>
    public string? TextColor { get; init; }

    /// <summary>Logo URL.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>Widget position.</summary>
    public string? Position { get; init; }

    /// <summary>Theme.</summary>
    public string? Theme { get; init; }

    /// <summary>Language code.</summary>
    public string? Language { get; init; }
}

/// <summary>The ChatSupport AI wire contract's source-generated serializer context (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatSupportAIChatRequest))]
[JsonSerializable(typeof(ChatSupportAIChatResponse))]
[JsonSerializable(typeof(ChatSupportAIScrapeRequest))]
[JsonSerializable(typeof(ChatSupportAIScrapeResponse))]
[JsonSerializable(typeof(ChatSupportAIWidgetConfig))]
internal sealed partial class ChatSupportAIJsonContext : JsonSerializerContext;

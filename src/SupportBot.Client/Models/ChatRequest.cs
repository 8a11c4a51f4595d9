using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace SupportBot.Client;

/// <summary>A message to the bot and the context that goes with it. Fields a provider does not take are ignored (see docs/providers.md).</summary>
public sealed class ChatRequest
{
    /// <summary>Creates an empty request; set <see cref="Message"/>.</summary>
    public ChatRequest()
    {
    }

    /// <summary>Creates a request for <paramref name="message"/>.</summary>
    /// <param name="message">The user's message.</param>
    [SetsRequiredMembers]
    public ChatRequest(string message) => Message = message;

    /// <summary>The user's message (required, not blank).</summary>
    public required string Message { get; init; }

    /// <summary>The conversation to continue, from a previous <see cref="ChatReply.ConversationId"/>; null starts a new one.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The bot (assistant, website, widget) to ask; <see cref="SupportBotClientOptions.DefaultBotId"/> when null.</summary>
    public string? BotId { get; init; }

    /// <summary>
    /// The conversation so far, oldest first, for callers that keep the transcript themselves. AISupportBot receives it as
    /// <c>history</c> (the most recent <see cref="SupportBotClientOptions.MaxHistoryMessages"/>); when null, the SDK replays the
    /// conversation kept in its <see cref="IConversationStore"/>. The other providers keep the conversation server-side: with a
    /// <see cref="ConversationId"/> the history is already there; without one, the SDK continues the conversation whose reply ended
    /// this transcript (it remembers a fingerprint of each transcript it answered), and refuses a transcript it never answered
    /// rather than drop it — see <see cref="SupportBotClientOptions.UnrecognizedHistory"/>.
    /// </summary>
    public IReadOnlyList<ConversationMessage>? History { get; init; }

    /// <summary>
    /// Instructions for the bot (a system prompt), delivered where the provider documents caller-supplied context: AISupportBot as
    /// <c>userContext.instructions</c> (counted in its 4 KB), ChatSupport AI as a <c>context.rules.policies</c> entry titled
    /// <c>Instructions</c>. Other providers refuse a request with instructions (<see cref="SupportBotNotSupportedException"/>) before
    /// sending anything; <see cref="ProviderCapabilities.Instructions"/> says which. Never logged.
    /// </summary>
    public string? Instructions { get; init; }

    /// <summary>Your user's identifier (AISupportBot, for logging).</summary>
    public string? UserId { get; init; }

    /// <summary>The channel the question came from (AISupportBot, e.g. a Discord channel id).</summary>
    public string? ChannelId { get; init; }

    /// <summary>User-specific JSON injected into the prompt (AISupportBot, at most 4 KB as UTF-8 JSON). Never logged.</summary>
    public JsonObject? UserContext { get; init; }

    /// <summary>Company rules sent as <c>context.rules</c> (ChatSupport AI).</summary>
    public CompanyRules? Rules { get; init; }

    /// <summary>Scraped website text sent as <c>context.scrapedData</c> (ChatSupport AI).</summary>
    public string? ScrapedData { get; init; }

    /// <summary>A signed JWT identifying the end user (AgentApi <c>user_token</c>). Never logged.</summary>
    public string? UserToken { get; init; }

    /// <summary>This request, continuing <paramref name="conversationId"/>: every other field as it is.</summary>
    internal ChatRequest Continuing(string conversationId) => new()
    {
        Message = Message,
        ConversationId = conversationId,
        BotId = BotId,
        History = History,
        Instructions = Instructions,
        UserId = UserId,
        ChannelId = ChannelId,
        UserContext = UserContext,
        Rules = Rules,
        ScrapedData = ScrapedData,
        UserToken = UserToken,
    };

    /// <summary>Describes the request without the message text, userContext or user token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"ChatRequest {{ MessageLength = {Message?.Length ?? 0}, ConversationId = {ConversationId ?? "(new)"}, BotId = {BotId ?? "(default)"}, " +
        $"History = {History?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(store)"}, Instructions = {(Instructions is null ? "(none)" : "***")}, UserContext = {(UserContext is null ? "(none)" : "***")}, UserToken = {(UserToken is null ? "(none)" : "***")} }}";
}

/// <summary>Company rules for ChatSupport AI's <c>context.rules</c>.</summary>
public sealed record CompanyRules
{
    /// <summary>The company name.</summary>
    public string? CompanyName { get; init; }

    /// <summary>A short description of the company.</summary>
    public string? CompanyDescription { get; init; }

    /// <summary>Policies the bot must follow.</summary>
    public IReadOnlyList<CompanyPolicy>? Policies { get; init; }

    /// <summary>The tone of voice, e.g. <c>friendly</c>.</summary>
    public string? Tone { get; init; }
}

/// <summary>One company policy.</summary>
/// <param name="Title">The policy title.</param>
/// <param name="Content">The policy text.</param>
public sealed record CompanyPolicy(string Title, string Content);

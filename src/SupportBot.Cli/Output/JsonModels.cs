using System.Text.Json.Serialization;
using SupportBot.Client;

namespace SupportBot.Cli.Output;

// The shapes `--json` prints. Serialized only through CliJsonContext (source generated, no reflection).

internal sealed record ErrorJson(ErrorBodyJson Error);

internal sealed record ErrorBodyJson(string Code, int ExitCode, string Message, string? Provider, int? StatusCode, double? RetryAfterSeconds);

internal sealed record SourceJson(string DocumentId, string? Title, string? Excerpt);

internal sealed record UsageJson(int PromptTokens, int CompletionTokens, int TotalTokens);

internal sealed record ReplyJson(
    string Provider,
    string ConversationId,
    string? MessageId,
    string Text,
    bool RequiresEscalation,
    double? Confidence,
    IReadOnlyList<SourceJson> Sources,
    UsageJson? Usage,
    string? QuotaWarning,
    DateTimeOffset? Timestamp)
{
    public static ReplyJson From(ChatReply reply) => new(
        reply.Provider.ToString(),
        reply.ConversationId,
        reply.MessageId,
        reply.Text,
        reply.RequiresEscalation,
        reply.Confidence,
        [.. reply.Sources.Select(s => new SourceJson(s.DocumentId, s.Title, s.Excerpt))],
        reply.Usage is { } u ? new UsageJson(u.PromptTokens, u.CompletionTokens, u.TotalTokens) : null,
        reply.QuotaWarning,
        reply.Timestamp);
}

internal sealed record ChatTurnJson(string Message, ReplyJson? Reply, ErrorBodyJson? Error);

internal sealed record ChatSessionJson(string Provider, IReadOnlyList<ChatTurnJson> Turns);

internal sealed record BotJson(string Provider, string Id, string? Name, string? Description, string? Category, string? Language, DateTimeOffset? CreatedAt, string? WelcomeMessage)
{
    public static BotJson From(BotProfile b) => new(b.Provider.ToString(), b.Id, b.Name, b.Description, b.Category, b.Language, b.CreatedAt, b.WelcomeMessage);
}

internal sealed record BrandingJson(string Provider, string? PrimaryColor, string? BackgroundColor, string? TextColor, string? LogoUrl, string? Position, string? Theme)
{
    public static BrandingJson From(BotBranding b) => new(b.Provider.ToString(), b.PrimaryColor, b.BackgroundColor, b.TextColor, b.LogoUrl, b.Position, b.Theme);
}

internal sealed record WebsiteJson(string Id, string? Name, string? Domain, bool IsPrimary);

internal sealed record WebsitesJson(string Provider, IReadOnlyList<WebsiteJson> Websites);

internal sealed record MessageJson(string Role, string Content, DateTimeOffset? Timestamp);

internal sealed record ConversationJson(string Provider, string ConversationId, IReadOnlyList<MessageJson> Messages)
{
    public static ConversationJson From(ConversationTranscript t) =>
        new(t.Provider.ToString(), t.ConversationId, [.. t.Messages.Select(m => new MessageJson(m.Role.Value, m.Content, m.Timestamp))]);
}

internal sealed record AccountJson(string Provider, string? Email, string? Plan, long? MessagesUsed, long? MessagesLimit, long? MessagesRemaining, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd)
{
    public static AccountJson From(AccountUsage a) =>
        new(a.Provider.ToString(), a.Email, a.Plan, a.MessagesUsed, a.MessagesLimit, a.MessagesRemaining, a.PeriodStart, a.PeriodEnd);
}

internal sealed record ProviderCapabilitiesJson(string Provider, IReadOnlyDictionary<string, bool> Operations);

internal sealed record CapabilitiesJson(IReadOnlyList<string> Operations, IReadOnlyList<ProviderCapabilitiesJson> Providers);

internal sealed record MockProviderJson(string Provider, string BaseAddress, string? ApiKey, string? BotId);

internal sealed record MockJson(string BaseAddress, IReadOnlyList<MockProviderJson> Providers);

internal sealed record EvalResultJson(
    int Index,
    string Question,
    string Outcome,
    bool Passed,
    string? ErrorCode,
    string? Error,
    double? LatencyMs,
    string? ConversationId,
    IReadOnlyList<string> ExpectedKeywords,
    IReadOnlyList<string> MissingKeywords,
    bool ExpectEscalation,
    string? Answer);

internal sealed record EvalSummaryJson(
    string Provider,
    int Total,
    int Answered,
    int Escalated,
    int Failed,
    IReadOnlyDictionary<string, int> FailedByCode,
    int Passed,
    double PassRate,
    double? MinPass,
    bool MeetsThreshold,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double? LatencyP99Ms);

internal sealed record EvalReportJson(EvalSummaryJson Summary, IReadOnlyList<EvalResultJson> Results);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ReplyJson))]
[JsonSerializable(typeof(ChatSessionJson))]
[JsonSerializable(typeof(BotJson))]
[JsonSerializable(typeof(BrandingJson))]
[JsonSerializable(typeof(WebsitesJson))]
[JsonSerializable(typeof(ConversationJson))]
[JsonSerializable(typeof(AccountJson))]
[JsonSerializable(typeof(CapabilitiesJson))]
[JsonSerializable(typeof(MockJson))]
[JsonSerializable(typeof(EvalReportJson))]
[JsonSerializable(typeof(SupportBot.Cli.Doctor.DoctorJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The JSON context used for output: readable escaping (apostrophes, accents and emoji are written as-is).</summary>
internal static class CliJson
{
    public static CliJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

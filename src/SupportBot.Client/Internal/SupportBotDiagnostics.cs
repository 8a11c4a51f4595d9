using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace SupportBot.Client.Internal;

/// <summary>The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>SupportBot.Client</c>.</summary>
internal static class SupportBotDiagnostics
{
    public const string Name = "SupportBot.Client";

    private static readonly string? Version = typeof(SupportBotDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "supportbot.client.request.duration", unit: "s", description: "Duration of support-bot operations, retries included.");

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "supportbot.client.tokens", unit: "{token}", description: "Tokens reported by the provider.");

    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "supportbot.client.escalations", unit: "{reply}", description: "Replies that require a human.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "supportbot.client.retries", unit: "{retry}", description: "HTTP attempts retried by the resilience pipeline.");

    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "supportbot.client.rate_limited", unit: "{response}", description: "Requests rejected by a rate limit (HTTP 429 or client-side limiter).");

    public static readonly Counter<long> QuotaExceeded = Meter.CreateCounter<long>(
        "supportbot.client.quota_exceeded", unit: "{response}", description: "Requests rejected because the plan quota is exhausted.");

    /// <summary>OpenTelemetry GenAI semantic conventions: the chat operation's duration (next to the supportbot.* duration).</summary>
    public static readonly Histogram<double> GenAiOperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", unit: "s", description: "GenAI operation duration.");

    /// <summary>OpenTelemetry GenAI semantic conventions: tokens per chat, by <c>gen_ai.token.type</c> (input, output).</summary>
    public static readonly Histogram<long> GenAiTokenUsage = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", unit: "{token}", description: "Measures number of input and output tokens used.");

    public const string GenAiOperationName = "gen_ai.operation.name";
    public const string GenAiProviderName = "gen_ai.provider.name";
    public const string GenAiConversationId = "gen_ai.conversation.id";
    public const string GenAiInputTokens = "gen_ai.usage.input_tokens";
    public const string GenAiOutputTokens = "gen_ai.usage.output_tokens";
    public const string GenAiTokenType = "gen_ai.token.type";

    /// <summary>The <c>gen_ai.provider.name</c> of a provider: its name in lower case (none is a well-known GenAI system).</summary>
    public static string GenAiProvider(SupportBotProvider provider) =>
        ProviderNames.TryGetValue(provider, out var name) ? name : provider.ToString().ToLowerInvariant();

    private static readonly Dictionary<SupportBotProvider, string> ProviderNames =
        Enum.GetValues<SupportBotProvider>().ToDictionary(p => p, p => p.ToString().ToLowerInvariant());

    public const string ProviderTag = "supportbot.provider";
    public const string OperationTag = "supportbot.operation";
    public const string StatusTag = "http.response.status_code";
    public const string ErrorTag = "error.type";
    public const string OutcomeTag = "supportbot.outcome";
}

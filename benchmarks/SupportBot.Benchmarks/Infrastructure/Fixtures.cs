using System.Net;
using System.Text;
using SupportBot.Client;

namespace SupportBot.Benchmarks.Infrastructure;

/// <summary>Canned, documented success and error bodies per provider, and client options that match them.</summary>
public static class Fixtures
{
    public const string Question = "How do I reset my password?";

    /// <summary>The documents' example answers (AISupportBot's is the one printed in its API reference).</summary>
    public static byte[] ChatResponse(SupportBotProvider provider) => Encoding.UTF8.GetBytes(provider switch
    {
        SupportBotProvider.AISupportBot =>
            """{"response":"The reset link is sent to your registered email. Open Settings > Account > Reset password, then follow the link within 24 hours.","requiresEscalation":false,"usage":{"prompt_tokens":412,"completion_tokens":38,"total_tokens":450}}""",
        SupportBotProvider.Asyntai =>
            """{"success":true,"response":"The reset link is sent to your registered email. Open Settings > Account > Reset password, then follow the link within 24 hours.","session_id":"user_123"}""",
        SupportBotProvider.ChatSupportAI =>
            """{"id":"msg_8f2c1a","message":"The reset link is sent to your registered email. Open Settings > Account > Reset password, then follow the link within 24 hours.","timestamp":"2024-01-15T10:30:00Z"}""",
        SupportBotProvider.AskIA =>
            """{"reply":"The reset link is sent to your registered email. Open Settings > Account > Reset password, then follow the link within 24 hours.","conversationId":"conv_abc123","messageId":"msg_def456"}""",
        SupportBotProvider.AgentApi =>
            """{"answer":"The reset link is sent to your registered email. Open Settings > Account > Reset password, then follow the link within 24 hours.","conversation_id":"conv_9a8b7c","message_id":"msg_1d2e3f","sources":[{"document_id":"doc_passwords","title":"Resetting your password","excerpt":"Open Settings > Account > Reset password."}],"confidence":0.92}""",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    });

    /// <summary>A 429 as each provider documents it (AISupportBot: plan quota; AgentApi: per-window rate limit with Retry-After).</summary>
    public static (byte[] Body, KeyValuePair<string, string>[] Headers) TooManyRequests(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => (Encoding.UTF8.GetBytes(
            """{"error":"Plan limit reached","details":"Upgrade to get more responses. (1000/1000)"}"""), []),
        SupportBotProvider.AgentApi => (Encoding.UTF8.GetBytes(
            """{"error":{"code":"rate_limited","message":"Rate limit exceeded: 60 requests per minute."}}"""),
            [new("Retry-After", "30"), new("X-Request-Id", "req_42")]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Only AISupportBot and AgentApi 429s are benchmarked."),
    };

    /// <summary>Options for the documented default base address (the in-memory handler ignores it).</summary>
    public static SupportBotClientOptions Options(SupportBotProvider provider, IConversationStore? store = null) => new()
    {
        Provider = provider,
        ApiKey = ApiKey(provider),
        DefaultBotId = BotId(provider),
        BaseAddress = BaseAddress(provider),
        ConversationStore = store,
    };

    public static string? ApiKey(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => "ask_your_api_key",
        SupportBotProvider.Asyntai => "YOUR_API_KEY",
        SupportBotProvider.ChatSupportAI => "YOUR_API_KEY",
        SupportBotProvider.AskIA => null,
        SupportBotProvider.AgentApi => "sk_live_demo_key",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static string? BotId(SupportBotProvider provider) => provider switch
    {
        SupportBotProvider.AISupportBot => "clz1abc...",
        SupportBotProvider.Asyntai => "1",
        SupportBotProvider.ChatSupportAI => "YOUR_WIDGET_ID",
        SupportBotProvider.AskIA => "YOUR_BOT_ID",
        SupportBotProvider.AgentApi => null,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static Uri BaseAddress(SupportBotProvider provider) => new(provider switch
    {
        SupportBotProvider.AISupportBot => "https://aisupportbot.io/api/",
        SupportBotProvider.Asyntai => "https://asyntai.com/api/v1/",
        SupportBotProvider.ChatSupportAI => "https://supportgenie.online/api/",
        SupportBotProvider.AskIA => "https://askiabot.com/api/",
        SupportBotProvider.AgentApi => "https://support.example.com/api/",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    });

    public static CannedHandler OkHandler(SupportBotProvider provider) => new(HttpStatusCode.OK, ChatResponse(provider));
}

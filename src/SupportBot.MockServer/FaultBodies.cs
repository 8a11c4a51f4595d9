using SupportBot.Client;

namespace SupportBot.MockServer;

/// <summary>Default bodies of injected faults, in each provider's own error shape.</summary>
internal static class FaultBodies
{
    public static string Status(SupportBotProvider? provider, int status)
    {
        var (text, code) = status switch
        {
            400 => ("Bad request", "invalid_request"),
            401 => ("Unauthorized", "invalid_api_key"),
            403 => ("Forbidden", "insufficient_scope"),
            404 => ("Not found", "not_found"),
            429 => ("Too Many Requests", "rate_limited"),
            502 => ("Bad gateway", "bad_gateway"),
            503 => ("Service unavailable", "service_unavailable"),
            504 => ("Gateway timeout", "gateway_timeout"),
            _ => ("Server error", "internal_error"),
        };
        return provider switch
        {
            SupportBotProvider.AISupportBot => $$"""{"error":"{{text}}","details":"Injected by the mock server."}""",
            SupportBotProvider.Asyntai => $$"""{"success":false,"error":"{{(status == 503 ? "AI service temporarily unavailable" : text)}}"}""",
            SupportBotProvider.AgentApi => "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + text + " (injected by the mock server).\"}}",
            _ => $$"""{"error":"{{text}}"}""",
        };
    }

    public static string NotFound(SupportBotProvider? provider, string path) => provider switch
    {
        SupportBotProvider.AISupportBot => """{"error":"Not found","details":"No such endpoint."}""",
        SupportBotProvider.Asyntai => """{"success":false,"error":"Not found"}""",
        SupportBotProvider.AgentApi => """{"error":{"code":"not_found","message":"No such endpoint."}}""",
        _ => """{"error":"Not found"}""",
    };

    /// <summary>JSON cut in the middle of a string: not parseable.</summary>
    public static string Malformed(SupportBotProvider? provider) => provider switch
    {
        SupportBotProvider.Asyntai => """{"success": true, "response": "Our business hours are Monday""",
        SupportBotProvider.AgentApi => """{"answer": "To reset your password, click", "confidence": 0.9, "sources": [{""",
        _ => """{"response": "The reset link is sent to your registered""",
    };

    /// <summary>A valid success body, long enough to be cut in half.</summary>
    public static string Valid(SupportBotProvider? provider) => provider switch
    {
        SupportBotProvider.AISupportBot => """{"response":"The reset link is sent to your registered email within a minute and is valid for 60 minutes.","requiresEscalation":false,"usage":{"prompt_tokens":312,"completion_tokens":48,"total_tokens":360}}""",
        SupportBotProvider.Asyntai => """{"success":true,"response":"Our business hours are Monday-Friday, 9 AM to 5 PM EST.","session_id":"user_123"}""",
        SupportBotProvider.ChatSupportAI => """{"id":"resp_000001","message":"Our business hours are 9am-5pm EST, Monday through Friday.","timestamp":"2023-03-29T14:30:00.000Z"}""",
        SupportBotProvider.AskIA => """{"reply":"We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing).","conversationId":"conv_abc123","messageId":"msg_xyz789"}""",
        _ => """{"answer":"Your subscription renews on the same day each month.","conversation_id":"conv_abc123","message_id":"msg_000001","sources":[],"confidence":0.9}""",
    };
}

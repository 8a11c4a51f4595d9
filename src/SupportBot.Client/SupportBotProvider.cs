namespace SupportBot.Client;

/// <summary>The hosted support-bot services this SDK speaks to.</summary>
/// <remarks>
/// The members start at 1: the default value (0) is no provider, so options whose <c>Provider</c> was never set (a missing or
/// misnamed configuration section) fail validation with "Provider is required" instead of passing as one of the providers.
/// </remarks>
public enum SupportBotProvider
{
    /// <summary>AISupportBot Enterprise/Unlimited API (<c>https://aisupportbot.io/api/</c>).</summary>
    AISupportBot = 1,

    /// <summary>Asyntai REST API (<c>https://asyntai.com/api/v1/</c>).</summary>
    Asyntai = 2,

    /// <summary>ChatSupport AI, hosted or self-hosted (<c>https://supportgenie.online/api/</c>).</summary>
    ChatSupportAI = 3,

    /// <summary>AskIA public widget API, beta (<c>https://askiabot.com/api/</c>).</summary>
    AskIA = 4,

    /// <summary>The generic "AI Support Agent API" (no default base address; must be configured).</summary>
    AgentApi = 5,
}

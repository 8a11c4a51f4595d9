namespace SupportBot.Client;

/// <summary>The hosted support-bot services this SDK speaks to.</summary>
public enum SupportBotProvider
{
    /// <summary>AISupportBot Enterprise/Unlimited API (<c>https://aisupportbot.io/api/</c>).</summary>
    AISupportBot,

    /// <summary>Asyntai REST API (<c>https://asyntai.com/api/v1/</c>).</summary>
    Asyntai,

    /// <summary>ChatSupport AI, hosted or self-hosted (<c>https://supportgenie.online/api/</c>).</summary>
    ChatSupportAI,

    /// <summary>AskIA public widget API, beta (<c>https://askiabot.com/api/</c>).</summary>
    AskIA,

    /// <summary>The generic "AI Support Agent API" (no default base address; must be configured).</summary>
    AgentApi,
}

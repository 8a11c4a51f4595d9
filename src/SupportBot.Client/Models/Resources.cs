namespace SupportBot.Client;

/// <summary>A bot's public profile.</summary>
public sealed record BotProfile
{
    /// <summary>The bot id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>The category, e.g. <c>support</c>.</summary>
    public string? Category { get; init; }

    /// <summary>The language code, e.g. <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>When the bot was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The welcome message shown by the widget, when known.</summary>
    public string? WelcomeMessage { get; init; }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; init; }

    /// <summary>The response body as received.</summary>
    public string? RawJson { get; init; }
}

/// <summary>A bot's visual branding.</summary>
public sealed record BotBranding
{
    /// <summary>Primary color, e.g. <c>#6366f1</c>.</summary>
    public string? PrimaryColor { get; init; }

    /// <summary>Background color.</summary>
    public string? BackgroundColor { get; init; }

    /// <summary>Text color.</summary>
    public string? TextColor { get; init; }

    /// <summary>Logo URL.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>Widget position, e.g. <c>bottom-right</c>.</summary>
    public string? Position { get; init; }

    /// <summary>Theme, e.g. <c>light</c>.</summary>
    public string? Theme { get; init; }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; init; }

    /// <summary>The response body as received.</summary>
    public string? RawJson { get; init; }
}

/// <summary>A website (bot) of an account.</summary>
/// <param name="Id">The website id (Asyntai: an integer, usable as <see cref="ChatRequest.BotId"/>).</param>
/// <param name="Name">The name.</param>
/// <param name="Domain">The domain.</param>
/// <param name="IsPrimary">Whether it is the account's primary website.</param>
public sealed record Website(string Id, string? Name, string? Domain, bool IsPrimary)
{
    /// <summary>The response body this website was read from, as received.</summary>
    public string? RawJson { get; init; }
}

/// <summary>A conversation's messages.</summary>
public sealed record ConversationTranscript
{
    /// <summary>The conversation id.</summary>
    public string ConversationId { get; init; } = string.Empty;

    /// <summary>The messages, oldest first.</summary>
    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; init; }

    /// <summary>The response body, as received (null for a transcript the SDK kept itself, e.g. AISupportBot's).</summary>
    public string? RawJson { get; init; }
}

/// <summary>An account's plan and usage.</summary>
public sealed record AccountUsage
{
    /// <summary>The account email, when reported.</summary>
    public string? Email { get; init; }

    /// <summary>The plan name.</summary>
    public string? Plan { get; init; }

    /// <summary>Messages (queries) used in the current period.</summary>
    public long? MessagesUsed { get; init; }

    /// <summary>Messages (queries) allowed in the current period.</summary>
    public long? MessagesLimit { get; init; }

    /// <summary>Messages left, when both used and limit are known.</summary>
    public long? MessagesRemaining => MessagesUsed is { } used && MessagesLimit is { } limit ? Math.Max(0, limit - used) : null;

    /// <summary>Start of the current billing period, when reported.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>End of the current billing period, when reported.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>The provider.</summary>
    public SupportBotProvider Provider { get; init; }

    /// <summary>
    /// Every quota the provider reports, by name (e.g. AgentApi's <c>queries</c>, <c>documents</c> and <c>actions</c>; Asyntai's
    /// <c>messages</c>). <see cref="MessagesUsed"/>/<see cref="MessagesLimit"/> repeat the one that counts chat messages.
    /// </summary>
    public IReadOnlyList<UsageQuota> Quotas { get; init; } = [];

    /// <summary>The response body as received.</summary>
    public string? RawJson { get; init; }
}

/// <summary>One quota of an account: how much of it is used this period.</summary>
/// <param name="Name">The provider's name for it, e.g. <c>queries</c>, <c>documents</c>, <c>actions</c>, <c>messages</c>.</param>
/// <param name="Used">Used this period, when reported.</param>
/// <param name="Limit">Allowed this period, when reported.</param>
public sealed record UsageQuota(string Name, long? Used, long? Limit)
{
    /// <summary>What is left (never negative), when both numbers are known.</summary>
    public long? Remaining => Used is { } used && Limit is { } limit ? Math.Max(0, limit - used) : null;
}

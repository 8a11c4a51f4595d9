using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Redis;

/// <summary>Settings of <see cref="RedisConversationStore"/>.</summary>
public sealed class RedisConversationStoreOptions
{
    /// <summary>
    /// Put before every conversation id to make its Redis key (default <c>supportbot:conversation:</c>). Give each application
    /// (or environment) sharing a server its own prefix.
    /// </summary>
    public string KeyPrefix { get; set; } = "supportbot:conversation:";

    /// <summary>How many messages each conversation keeps: older ones are trimmed by every append (default 200, as the in-memory store).</summary>
    public int MaxMessagesPerConversation { get; set; } = 200;

    /// <summary>
    /// How long a conversation is kept after its last append (default 30 days); every append starts the period again. Null keeps
    /// conversations until they are deleted or trimmed away.
    /// </summary>
    public TimeSpan? SlidingExpiration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// What happens when Redis is unreachable or times out. False (the default): the call fails with a
    /// <see cref="SupportBotException"/> of code <see cref="SupportBotErrorCode.StateStoreUnavailable"/> — a conversation is never
    /// continued without its history. True: reads return no history and appends are dropped (each logged as a warning), so the bot
    /// still answers, without the context.
    /// </summary>
    public bool DegradeWhenUnavailable { get; set; }

    /// <summary>The Redis database number (default -1: the connection's default).</summary>
    public int Database { get; set; } = -1;

    /// <summary>Where degraded calls are logged. Null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Redis;

/// <summary>Settings of <see cref="RedisRateLimiter"/>: a fixed window counted in Redis, shared by every instance that names the same partition.</summary>
public sealed class RedisRateLimiterOptions
{
    /// <summary>Put before <see cref="PartitionKey"/> to make the counter's Redis key (default <c>supportbot:ratelimit:</c>).</summary>
    public string KeyPrefix { get; set; } = "supportbot:ratelimit:";

    /// <summary>
    /// Which limit this is: every limiter with the same prefix and partition counts against one counter (e.g. <c>askia</c> for one
    /// AskIA key used by all instances). Not a secret: never put an API key here.
    /// </summary>
    public string PartitionKey { get; set; } = "default";

    /// <summary>Requests permitted per window, across all instances (default 100).</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window (default one hour). It starts with the first permit taken and is timed by the Redis server's clock.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a call may wait for the next window when this one is used up (default zero: it fails at once). The call waits when the
    /// window ends within this time; otherwise it fails at once with <see cref="SupportBotRateLimitException"/> and
    /// <see cref="SupportBotException.RetryAfter"/> set to the window's remaining time. Nothing is sent either way before a permit is had.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// What happens when Redis is unreachable or times out. False (the default): the call fails with
    /// <see cref="SupportBotErrorCode.StateStoreUnavailable"/> and nothing is sent, since the shared limit cannot be kept. True: the
    /// call goes through uncounted (logged as a warning) — the provider's own limit still answers with a typed 429.
    /// </summary>
    public bool FailOpenWhenUnavailable { get; set; }

    /// <summary>The Redis database number (default -1: the connection's default).</summary>
    public int Database { get; set; } = -1;

    /// <summary>The clock of the waits (<see cref="MaxWait"/>); tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where fail-open calls are logged. Null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

using Microsoft.Extensions.Logging;

namespace SupportBot.Client.Redis;

/// <summary>Settings of <see cref="RedisQuotaStop"/>.</summary>
public sealed class RedisQuotaStopOptions
{
    /// <summary>Put before the provider and key fingerprint to make the stop's Redis key (default <c>supportbot:quota:</c>).</summary>
    public string KeyPrefix { get; set; } = "supportbot:quota:";

    /// <summary>
    /// How long chat messages stop when the provider's quota error announces no reset (no <c>Retry-After</c> or rate-limit reset),
    /// default one hour: then one call tells whether the quota was renewed (or the plan upgraded).
    /// </summary>
    public TimeSpan DefaultStopDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest stop, whatever the provider announced (default 31 days).</summary>
    public TimeSpan MaxStopDuration { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// What happens when Redis is unreachable or times out. True (the default): the call is sent as if no stop were in force (logged
    /// as a warning); the provider still answers an exhausted quota with its typed error. False: the call fails with
    /// <see cref="SupportBotErrorCode.StateStoreUnavailable"/>.
    /// </summary>
    public bool FailOpenWhenUnavailable { get; set; } = true;

    /// <summary>The Redis database number (default -1: the connection's default).</summary>
    public int Database { get; set; } = -1;

    /// <summary>The clock that dates the stop; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where fail-open calls are logged. Null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

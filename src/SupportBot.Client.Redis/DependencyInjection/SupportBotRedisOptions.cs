using SupportBot.Client.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <c>AddSupportBotRedis</c> puts in Redis for one client registration. A null part stays in process memory.</summary>
public sealed class SupportBotRedisOptions
{
    /// <summary>The conversation store (AISupportBot history, transcript fingerprints); on by default. Null keeps the in-memory store.</summary>
    public RedisConversationStoreOptions? ConversationStore { get; set; } = new();

    /// <summary>The quota stop shared by all instances; on by default. Null: each instance learns an exhausted quota from the provider.</summary>
    public RedisQuotaStopOptions? QuotaStop { get; set; } = new();

    /// <summary>
    /// A rate limit shared by all instances, used as <see cref="SupportBot.Client.SupportBotResilienceOptions.RateLimiter"/>; off by
    /// default (null). Set at least <see cref="RedisRateLimiterOptions.PermitLimit"/>, <see cref="RedisRateLimiterOptions.Window"/>
    /// and <see cref="RedisRateLimiterOptions.PartitionKey"/>.
    /// </summary>
    public RedisRateLimiterOptions? RateLimit { get; set; }
}

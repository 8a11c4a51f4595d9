using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Client;
using SupportBot.Client.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One call after <c>AddSupportBotClient</c> that moves the client's shared state to Redis: the conversation store, the quota stop
/// and, when configured, the rate limit. Works for the default client and for named (keyed) clients alike.
/// </summary>
public static class SupportBotRedisHttpClientBuilderExtensions
{
    /// <summary>
    /// Keeps the client's state in the Redis server(s) of <paramref name="connectionString"/> (StackExchange.Redis configuration, e.g.
    /// <c>redis1:6379,redis2:6379,password=…</c>). The connection is made once, when the client is first resolved, with
    /// <c>abortConnect=false</c> so that the application starts while Redis is down and the connection heals by itself; the container
    /// disposes it.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSupportBotClient</c>.</param>
    /// <param name="connectionString">The StackExchange.Redis configuration string.</param>
    /// <param name="configure">Chooses what goes to Redis and how (defaults: conversation store and quota stop).</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddSupportBotRedis(this IHttpClientBuilder builder, string connectionString, Action<SupportBotRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connectionKey = "SupportBot.Client.Redis:" + builder.Name;
        builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(connectionKey, (_, _) =>
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        return Add(builder, sp => sp.GetRequiredKeyedService<IConnectionMultiplexer>(connectionKey), configure);
    }

    /// <summary>
    /// Keeps the client's state in Redis through the <see cref="IConnectionMultiplexer"/> registered in the container: the one keyed
    /// with the client's name first (named clients), otherwise the unkeyed one.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSupportBotClient</c>.</param>
    /// <param name="configure">Chooses what goes to Redis and how (defaults: conversation store and quota stop).</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddSupportBotRedis(this IHttpClientBuilder builder, Action<SupportBotRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        return Add(builder, sp => sp.GetKeyedService<IConnectionMultiplexer>(name) ?? sp.GetService<IConnectionMultiplexer>()
            ?? throw new InvalidOperationException(
                $"AddSupportBotRedis for client '{name}' found no IConnectionMultiplexer in the container: register one, or pass a connection string."), configure);
    }

    private static IHttpClientBuilder Add(IHttpClientBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<SupportBotRedisOptions>? configure)
    {
        var options = new SupportBotRedisOptions();
        configure?.Invoke(options);
        var services = builder.Services;
        var name = builder.Name;

        // The default client (AddSupportBotClient without a name) reads unkeyed services; a named client reads those keyed with its name.
        var key = name == SupportBotServiceCollectionExtensions.DefaultHttpClientName ? null : name;

        if (options.ConversationStore is { } store)
        {
            Register<IConversationStore>(services, key, sp => new RedisConversationStore(connection(sp), new RedisConversationStoreOptions
            {
                KeyPrefix = store.KeyPrefix,
                MaxMessagesPerConversation = store.MaxMessagesPerConversation,
                SlidingExpiration = store.SlidingExpiration,
                DegradeWhenUnavailable = store.DegradeWhenUnavailable,
                Database = store.Database,
                LoggerFactory = store.LoggerFactory ?? sp.GetService<ILoggerFactory>(),
            }));
        }

        if (options.QuotaStop is { } quota)
        {
            Register<ISupportBotQuotaStop>(services, key, sp => new RedisQuotaStop(connection(sp), new RedisQuotaStopOptions
            {
                KeyPrefix = quota.KeyPrefix,
                DefaultStopDuration = quota.DefaultStopDuration,
                MaxStopDuration = quota.MaxStopDuration,
                FailOpenWhenUnavailable = quota.FailOpenWhenUnavailable,
                Database = quota.Database,
                TimeProvider = Clock(quota.TimeProvider, sp),
                LoggerFactory = quota.LoggerFactory ?? sp.GetService<ILoggerFactory>(),
            }));
        }

        if (options.RateLimit is { } limit)
        {
            // One limiter per registration, shared by every handler the factory builds; the pipeline does not dispose it.
            var limiterKey = "SupportBot.Client.Redis.RateLimiter:" + name;
            services.AddKeyedSingleton(limiterKey, (sp, _) => new RedisRateLimiter(connection(sp), new RedisRateLimiterOptions
            {
                KeyPrefix = limit.KeyPrefix,
                PartitionKey = limit.PartitionKey,
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                MaxWait = limit.MaxWait,
                FailOpenWhenUnavailable = limit.FailOpenWhenUnavailable,
                Database = limit.Database,
                TimeProvider = Clock(limit.TimeProvider, sp),
                LoggerFactory = limit.LoggerFactory ?? sp.GetService<ILoggerFactory>(),
            }));
            services.AddOptions<SupportBotResilienceOptions>(name)
                .Configure<IServiceProvider>((resilience, sp) => resilience.RateLimiter = sp.GetRequiredKeyedService<RedisRateLimiter>(limiterKey));
        }

        return builder;
    }

    private static void Register<TService>(IServiceCollection services, string? key, Func<IServiceProvider, TService> factory)
        where TService : class
    {
        if (key is null)
        {
            services.AddSingleton(factory);
        }
        else
        {
            services.AddKeyedSingleton(key, (sp, _) => factory(sp));
        }
    }

    private static TimeProvider Clock(TimeProvider configured, IServiceProvider sp) =>
        ReferenceEquals(configured, TimeProvider.System) ? sp.GetService<TimeProvider>() ?? configured : configured;
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using SupportBot.Client.Redis.Internal;

namespace SupportBot.Client.Redis;

/// <summary>
/// An <see cref="ISupportBotQuotaStop"/> in Redis: once any instance receives a provider's quota error, every instance using the same
/// provider, base address and key throws <see cref="SupportBotQuotaExceededException"/> at once, without a request, until the reset.
/// Set it as <see cref="SupportBotClientOptions.QuotaStop"/> (with dependency injection: <c>AddSupportBotRedis</c>).
/// </summary>
/// <remarks>
/// One key per provider and key fingerprint (<see cref="SupportBotQuotaScope.KeyFingerprint"/>, a SHA-256 digest: the API key never
/// reaches Redis), holding the stop's end and the used/limit figures, and expiring at that end. When Redis is down the call goes
/// through (logged) unless <see cref="RedisQuotaStopOptions.FailOpenWhenUnavailable"/> is false.
/// </remarks>
public sealed class RedisQuotaStop : ISupportBotQuotaStop
{
    private const string Component = "Redis quota stop";

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisQuotaStopOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a quota stop over a connection (not disposed by it).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="options">Key prefix, durations, behaviour when Redis is down; defaults when null.</param>
    public RedisQuotaStop(IConnectionMultiplexer connection, RedisQuotaStopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RedisQuotaStopOptions();
        ArgumentNullException.ThrowIfNull(options.KeyPrefix, nameof(options.KeyPrefix));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        if (options.DefaultStopDuration <= TimeSpan.Zero || options.MaxStopDuration < options.DefaultStopDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DefaultStopDuration must be positive and at most MaxStopDuration.");
        }

        _connection = connection;
        _options = new RedisQuotaStopOptions
        {
            KeyPrefix = options.KeyPrefix,
            DefaultStopDuration = options.DefaultStopDuration,
            MaxStopDuration = options.MaxStopDuration,
            FailOpenWhenUnavailable = options.FailOpenWhenUnavailable,
            Database = options.Database,
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
        };
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("SupportBot.Client.Redis") ?? NullLogger.Instance;
    }

    /// <summary>The Redis key of a scope's stop: the prefix, the provider and the key fingerprint (never the key).</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The key.</returns>
    public string KeyOf(SupportBotQuotaScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _options.KeyPrefix + scope.Provider + ":" + scope.KeyFingerprint;
    }

    /// <inheritdoc />
    public async ValueTask<SupportBotQuotaStopEntry?> GetAsync(SupportBotQuotaScope scope, CancellationToken cancellationToken = default)
    {
        RedisValue value;
        try
        {
            value = await Database.StringGetAsync(KeyOf(scope)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            if (!_options.FailOpenWhenUnavailable)
            {
                throw RedisFaults.Unavailable(Component, "Get", ex);
            }

            RedisFaults.FailOpen(_logger, Component, ex.GetType().Name, ex);
            return null;
        }

        if (value.IsNullOrEmpty)
        {
            return null;
        }

        QuotaStopRecord? record;
        try
        {
            record = JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.QuotaStopRecord);
        }
        catch (JsonException)
        {
            return null; // not ours to read: the provider decides
        }

        return record is null ? null : new SupportBotQuotaStopEntry(DateTimeOffset.FromUnixTimeMilliseconds(record.Until))
        {
            Used = record.Used,
            Limit = record.Limit,
            Details = record.Details,
        };
    }

    /// <inheritdoc />
    public async ValueTask TripAsync(SupportBotQuotaScope scope, SupportBotQuotaExceededException exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var key = KeyOf(scope);
        var now = _options.TimeProvider.GetUtcNow();
        var duration = exception.RetryAfter
            ?? (exception.RateLimit?.Reset is { } reset && reset > now ? reset - now : (TimeSpan?)null)
            ?? exception.RateLimit?.RetryAfter
            ?? _options.DefaultStopDuration;
        if (duration <= TimeSpan.Zero)
        {
            duration = _options.DefaultStopDuration;
        }

        duration = duration > _options.MaxStopDuration ? _options.MaxStopDuration : duration;
        var record = new QuotaStopRecord
        {
            Until = (now + duration).ToUnixTimeMilliseconds(),
            Used = exception.Used,
            Limit = exception.Limit,
            Details = exception.Details is { Length: > 512 } d ? d[..512] : exception.Details,
        };
        try
        {
            await Database.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(record, RedisJsonContext.Default.QuotaStopRecord), duration)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            // The caller still gets the provider's quota error; the other instances learn it from the provider.
            throw RedisFaults.Unavailable(Component, "Trip", ex);
        }
    }

    private IDatabase Database => _connection.GetDatabase(_options.Database);
}

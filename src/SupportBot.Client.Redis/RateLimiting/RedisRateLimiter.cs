using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using SupportBot.Client.Redis.Internal;

namespace SupportBot.Client.Redis;

/// <summary>
/// A fixed-window <see cref="RateLimiter"/> counted in Redis, so that all instances together send at most
/// <see cref="RedisRateLimiterOptions.PermitLimit"/> requests per window. Plug it into
/// <see cref="SupportBotResilienceOptions.RateLimiter"/> (with dependency injection: <c>AddSupportBotRedis(o =&gt; o.RateLimit = …)</c>).
/// </summary>
/// <remarks>
/// <para>
/// Each acquisition is one round trip: a script that checks the counter and takes the permits atomically (no permit is ever handed
/// out twice). The window starts with the first permit and ends when the Redis key expires, by the server's clock, so instances
/// with different clocks agree.
/// </para>
/// <para>
/// A used-up window gives a failed lease with <see cref="MetadataName.RetryAfter"/> (the window's remaining time): the SDK then
/// throws <see cref="SupportBotRateLimitException"/> with <see cref="SupportBotException.RetryAfter"/> set, sending nothing — unless
/// the window ends within <see cref="RedisRateLimiterOptions.MaxWait"/>, in which case the call waits for it.
/// When Redis is down: <see cref="SupportBotErrorCode.StateStoreUnavailable"/>, or a pass when
/// <see cref="RedisRateLimiterOptions.FailOpenWhenUnavailable"/> is set.
/// </para>
/// </remarks>
public sealed class RedisRateLimiter : RateLimiter
{
    private const string Component = "Redis rate limiter";

    // KEYS[1] counter; ARGV: limit, window (ms), permits. Returns {1|0, remaining window in ms}.
    private const string AcquireScript = """
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local n = tonumber(ARGV[3])
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then
          used = 0
          ttl = window
        end
        if used + n > limit or (n == 0 and used >= limit) then
          return {0, ttl}
        end
        if n > 0 then
          if used == 0 then
            redis.call('SET', KEYS[1], n, 'PX', window)
          else
            redis.call('INCRBY', KEYS[1], n)
          end
        end
        return {1, ttl}
        """;

    private static readonly RateLimitLease Acquired = new Lease(true, null);

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisRateLimiterOptions _options;
    private readonly RedisKey _key;
    private readonly ILogger _logger;

    /// <summary>Creates a limiter over a connection (not disposed by the limiter).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="options">Partition, permits, window, wait, behaviour when Redis is down.</param>
    public RedisRateLimiter(IConnectionMultiplexer connection, RedisRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.PartitionKey, nameof(options.PartitionKey));
        ArgumentNullException.ThrowIfNull(options.KeyPrefix, nameof(options.KeyPrefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitLimit, 1, nameof(options.PermitLimit));
        if (options.Window < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Window, "Window must be at least 1 ms.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWait, TimeSpan.Zero, nameof(options.MaxWait));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        _connection = connection;
        _options = new RedisRateLimiterOptions
        {
            KeyPrefix = options.KeyPrefix,
            PartitionKey = options.PartitionKey,
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            MaxWait = options.MaxWait,
            FailOpenWhenUnavailable = options.FailOpenWhenUnavailable,
            Database = options.Database,
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
        };
        _key = options.KeyPrefix + options.PartitionKey;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("SupportBot.Client.Redis") ?? NullLogger.Instance;
    }

    /// <summary>The Redis key of the counter.</summary>
    public string Key => _key.ToString();

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <summary>Not tracked locally: the count lives in Redis.</summary>
    /// <returns>Null.</returns>
    public override RateLimiterStatistics? GetStatistics() => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        try
        {
            var result = Evaluate(permitCount);
            return result.Acquired ? Acquired : new Lease(false, result.RetryAfter);
        }
        catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
        {
            return Unavailable(ex);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        var waited = TimeSpan.Zero;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (bool Acquired, TimeSpan RetryAfter) result;
            try
            {
                result = await EvaluateAsync(permitCount).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (RedisFaults.IsRedisFault(ex))
            {
                return Unavailable(ex);
            }

            if (result.Acquired)
            {
                return Acquired;
            }

            if (waited + result.RetryAfter > _options.MaxWait)
            {
                return new Lease(false, result.RetryAfter);
            }

            await Task.Delay(result.RetryAfter, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            waited += result.RetryAfter;
        }
    }

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount < 0 || permitCount > _options.PermitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"permitCount must be between 0 and the permit limit ({_options.PermitLimit}).");
        }
    }

    private RateLimitLease Unavailable(Exception exception)
    {
        if (!_options.FailOpenWhenUnavailable)
        {
            throw RedisFaults.Unavailable(Component, "Acquire", exception);
        }

        RedisFaults.FailOpen(_logger, Component, exception.GetType().Name, exception);
        return Acquired;
    }

    private RedisValue[] Arguments(int permitCount) =>
        [_options.PermitLimit, (long)Math.Ceiling(_options.Window.TotalMilliseconds), permitCount];

    private (bool Acquired, TimeSpan RetryAfter) Evaluate(int permitCount) =>
        Parse(_connection.GetDatabase(_options.Database).ScriptEvaluate(AcquireScript, [_key], Arguments(permitCount)));

    private async Task<(bool Acquired, TimeSpan RetryAfter)> EvaluateAsync(int permitCount) =>
        Parse(await _connection.GetDatabase(_options.Database).ScriptEvaluateAsync(AcquireScript, [_key], Arguments(permitCount)).ConfigureAwait(false));

    private static (bool Acquired, TimeSpan RetryAfter) Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return ((long)values[0] == 1, TimeSpan.FromMilliseconds(Math.Max(1, (long)values[1])));
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } r && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = r;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

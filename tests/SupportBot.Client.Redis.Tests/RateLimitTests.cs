using System.Threading.RateLimiting;
using StackExchange.Redis;
using SupportBot.Client.Redis.Tests.Infrastructure;

namespace SupportBot.Client.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class RateLimitTests(RedisFixture redis)
{
    [Fact]
    public async Task Four_instances_share_one_limit_per_window_and_the_rest_fail_typed_with_nothing_sent()
    {
        await using var server = await Fleet.StartMockAsync();
        var partition = Guid.NewGuid().ToString("N");
        var connections = new List<ConnectionMultiplexer>();
        var limiters = new List<RedisRateLimiter>();
        var clients = new List<SupportBotClient>();
        for (var i = 0; i < 4; i++)
        {
            var connection = await redis.ConnectAsync();
            connections.Add(connection);
            var limiter = new RedisRateLimiter(connection, new RedisRateLimiterOptions
            {
                KeyPrefix = "sbtest:rl:", PartitionKey = partition, PermitLimit = 10, Window = TimeSpan.FromHours(1),
            });
            limiters.Add(limiter);
            var options = server.CreateOptions(Fleet.P);
            options.ApiKey = Fleet.Key;
            options.DefaultBotId = Fleet.Bot;
            options.Retry = new SupportBotRetryOptions { MaxRetries = 0, UseCircuitBreaker = false };
            var resilience = SupportBotResilienceOptions.FromClientOptions(options);
            resilience.RateLimiter = limiter;
            clients.Add(new SupportBotClient(new SupportBotResilienceHandler(resilience) { InnerHandler = SupportBotClient.CreatePrimaryHandler() }, options, disposeHandler: true));
        }

        try
        {
            async Task<(int Sent, List<SupportBotRateLimitException> Rejected)> RoundAsync(int calls)
            {
                var rejected = new List<SupportBotRateLimitException>();
                var sent = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                {
                    try
                    {
                        await clients[i % 4].ChatAsync("reset password", cancellationToken: ct);
                        Interlocked.Increment(ref sent);
                    }
                    catch (SupportBotRateLimitException ex)
                    {
                        lock (rejected)
                        {
                            rejected.Add(ex);
                        }
                    }
                });
                return (sent, rejected);
            }

            var (sent, rejected) = await RoundAsync(40);
            sent.Should().Be(10, "the four instances together hold to 10 per window");
            rejected.Should().HaveCount(30);
            rejected.Should().OnlyContain(e => e.StatusCode == null && e.RetryAfter > TimeSpan.Zero && e.RetryAfter <= TimeSpan.FromHours(1));
            Fleet.ChatBodies(server).Should().HaveCount(10, "a rejected call sends nothing");

            // The window ends (its key expires on the Redis server): a new window of 10.
            (await connections[0].GetDatabase().KeyDeleteAsync(limiters[0].Key)).Should().BeTrue();
            (sent, rejected) = await RoundAsync(12);
            sent.Should().Be(10);
            rejected.Should().HaveCount(2);
            Fleet.ChatBodies(server).Should().HaveCount(20);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failed_lease_carries_the_windows_remaining_time_and_zero_permits_only_look()
    {
        await using var connection = await redis.ConnectAsync();
        var limiter = new RedisRateLimiter(connection, new RedisRateLimiterOptions
        {
            KeyPrefix = "sbtest:rl:", PartitionKey = Guid.NewGuid().ToString("N"), PermitLimit = 2, Window = TimeSpan.FromMinutes(10),
        });

        (await limiter.AcquireAsync(0)).IsAcquired.Should().BeTrue();
        (await limiter.AcquireAsync(2)).IsAcquired.Should().BeTrue();
        (await limiter.AcquireAsync(0)).IsAcquired.Should().BeFalse("no permit is left to look at");
        using var failed = await limiter.AcquireAsync(1);
        failed.IsAcquired.Should().BeFalse();
        failed.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        retryAfter.Should().BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        limiter.AttemptAcquire(1).IsAcquired.Should().BeFalse();
        (await connection.GetDatabase().StringGetAsync(limiter.Key)).ToString().Should().Be("2");
        FluentActions.Invoking(() => limiter.AttemptAcquire(3)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task With_MaxWait_a_call_waits_for_the_next_window_instead_of_failing()
    {
        await using var connection = await redis.ConnectAsync();
        var limiter = new RedisRateLimiter(connection, new RedisRateLimiterOptions
        {
            KeyPrefix = "sbtest:rl:", PartitionKey = Guid.NewGuid().ToString("N"), PermitLimit = 1, Window = TimeSpan.FromMilliseconds(300),
            MaxWait = TimeSpan.FromMinutes(1),
        });

        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue();
        (await limiter.AcquireAsync(1)).IsAcquired.Should().BeTrue("the second call waited for the window to end");
    }
}

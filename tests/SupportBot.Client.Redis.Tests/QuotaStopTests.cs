using Microsoft.Extensions.Time.Testing;
using SupportBot.Client.Redis.Tests.Infrastructure;
using SupportBot.MockServer;

namespace SupportBot.Client.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class QuotaStopTests(RedisFixture redis)
{
    private const string QuotaKey = "ask_quota_gone_0123456789";

    private static MockSeed Seed() => Fleet.Seed()
        .AddAccount(new MockAccount { Id = "acc_q", Provider = Fleet.P, QuotaLimit = 1000, QuotaUsed = 1000 })
        .AddBot(new MockBot { Id = "asst_q", Provider = Fleet.P, AccountId = "acc_q", KnowledgeBaseId = "kb" })
        .AddKey(Fleet.P, QuotaKey, accountId: "acc_q", botId: "asst_q");

    [Fact]
    public async Task After_one_instance_learns_the_quota_is_gone_the_others_throw_at_once_without_a_request()
    {
        await using var server = await Fleet.StartMockAsync(Seed());
        await using var connectionA = await redis.ConnectAsync();
        await using var connectionB = await redis.ConnectAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())); // whole ms, as stored
        var prefix = RedisFixture.UniquePrefix("quota");
        SupportBotClient Instance(StackExchange.Redis.IConnectionMultiplexer connection, string key, string bot) => Fleet.Client(server, o =>
        {
            o.ApiKey = key;
            o.DefaultBotId = bot;
            o.TimeProvider = clock;
            o.QuotaStop = new RedisQuotaStop(connection, new RedisQuotaStopOptions { KeyPrefix = prefix, TimeProvider = clock, DefaultStopDuration = TimeSpan.FromHours(1) });
        });
        using var a = Instance(connectionA, QuotaKey, "asst_q");
        using var b = Instance(connectionB, QuotaKey, "asst_q");
        using var otherKey = Instance(connectionB, Fleet.Key, Fleet.Bot);

        var fromProvider = (await FluentActions.Awaiting(() => a.ChatAsync("reset password")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        fromProvider.StatusCode.Should().Be(429);
        Fleet.ChatBodies(server).Should().HaveCount(1);

        var stopped = (await FluentActions.Awaiting(() => b.ChatAsync("reset password")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        stopped.StatusCode.Should().BeNull("nothing was sent");
        stopped.ErrorCode.Should().Be(SupportBotErrorCode.QuotaExceeded);
        stopped.Provider.Should().Be(SupportBotProvider.AISupportBot);
        stopped.Operation.Should().Be("Chat");
        stopped.Used.Should().Be(1000);
        stopped.Limit.Should().Be(1000);
        stopped.RetryAfter.Should().Be(TimeSpan.FromHours(1));
        stopped.IsRetryable.Should().BeFalse();
        stopped.Message.Should().NotContain(QuotaKey);
        (await FluentActions.Awaiting(() => a.ChatAsync("again")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which.StatusCode.Should().BeNull();
        Fleet.ChatBodies(server).Should().HaveCount(1, "only the first instance's call reached the provider");

        (await otherKey.ChatAsync("reset password")).Text.Should().Contain("reset link", "another key is not stopped");

        var keys = await Fleet.KeysAsync(connectionA, prefix + "*");
        keys.Should().ContainSingle().Which.Should().MatchRegex("^" + System.Text.RegularExpressions.Regex.Escape(prefix) + "AISupportBot:[0-9a-f]{32}$");
        var stored = (await connectionA.GetDatabase().StringGetAsync(keys[0])).ToString();
        var record = System.Text.Json.Nodes.JsonNode.Parse(stored)!.AsObject();
        record.Select(p => p.Key).Should().Equal("until", "used", "limit", "details");
        record["until"]!.GetValue<long>().Should().Be(clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds());
        record["used"]!.GetValue<long>().Should().Be(1000);
        record["limit"]!.GetValue<long>().Should().Be(1000);
        record["details"]!.GetValue<string>().Should().Be(fromProvider.Details);
        stored.Should().NotContain(QuotaKey);

        // After the stop: one call asks the provider again.
        clock.Advance(TimeSpan.FromHours(1));
        (await FluentActions.Awaiting(() => b.ChatAsync("reset password")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which.StatusCode.Should().Be(429);
        Fleet.ChatBodies(server).Count(body => body["assistantId"]!.GetValue<string>() == "asst_q").Should().Be(2);
    }

    [Fact]
    public async Task The_stop_is_kept_per_provider_address_and_key_for_the_announced_time()
    {
        await using var connection = await redis.ConnectAsync();
        var stop = new RedisQuotaStop(connection, new RedisQuotaStopOptions { KeyPrefix = RedisFixture.UniquePrefix("reads") });
        var scope = SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, new Uri("https://aisupportbot.io/api/"), "ask_x");
        await stop.TripAsync(scope, new SupportBotQuotaExceededException("gone") { RetryAfter = TimeSpan.FromMinutes(5) });

        var entry = await stop.GetAsync(scope);
        entry.Should().NotBeNull();
        entry!.Until.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromMinutes(1));
        (await stop.GetAsync(SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, new Uri("https://aisupportbot.io/api/"), "ask_y"))).Should().BeNull();
        scope.ToString().Should().NotContain("ask_x").And.StartWith("AISupportBot:");
    }
}

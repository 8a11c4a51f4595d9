using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;
using SupportBot.Client.Redis.Tests.Infrastructure;

namespace SupportBot.Client.Redis.Tests;

/// <summary>Redis down: typed errors, no hang, nothing lost silently; back up: calls work again without a restart.</summary>
[Collection(RedisCollection.Name)]
public sealed class OutageTests
{
    /// <summary>Far above the 2 s Redis timeouts of the test connections: a guard against a hang, not a speed measurement.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Redis_stopped_mid_conversation_fails_typed_without_sending_and_after_a_restart_the_conversation_goes_on_with_its_history()
    {
        await using var redisServer = await RedisServerProcess.StartAsync();
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await RedisFixture.ConnectAsync(redisServer.Endpoint);
        using var client = Fleet.Client(server, o => o.ConversationStore = new RedisConversationStore(connection));

        var first = await client.ChatAsync("How do I reset my password?");

        await redisServer.StopAsync();
        var down = (await FluentActions.Awaiting(() => client.ChatAsync(new ChatRequest("And a refund?") { ConversationId = first.ConversationId }).WaitAsync(HangGuard))
            .Should().ThrowExactlyAsync<SupportBotException>()).Which;
        down.ErrorCode.Should().Be(SupportBotErrorCode.StateStoreUnavailable);
        down.IsRetryable.Should().BeTrue();
        down.InnerException.Should().Match<Exception>(e => e is RedisConnectionException || e is RedisTimeoutException);
        Fleet.ChatBodies(server).Should().HaveCount(1, "a conversation is not continued without its history");

        await redisServer.StartAgainAsync();
        var again = await RetryUntilReconnectedAsync(() => client.ChatAsync(new ChatRequest("And a refund?") { ConversationId = first.ConversationId }));

        again.ConversationId.Should().Be(first.ConversationId);
        var bodies = Fleet.ChatBodies(server);
        bodies.Should().HaveCount(2);
        System.Text.Json.Nodes.JsonNode.DeepEquals(bodies[1]["history"], Fleet.History(("user", "How do I reset my password?"), ("assistant", first.Text)))
            .Should().BeTrue("the history written before the outage is still there: {0}", bodies[1]["history"]?.ToJsonString());
    }

    [Fact]
    public async Task With_DegradeWhenUnavailable_the_bot_answers_without_history_and_each_loss_is_logged()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await RedisFixture.ConnectAsync("127.0.0.1:" + RedisServerProcess.FreePort());
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var client = Fleet.Client(server, o => o.ConversationStore = new RedisConversationStore(connection,
            new RedisConversationStoreOptions { DegradeWhenUnavailable = true, LoggerFactory = loggerFactory }));

        var reply = await client.ChatAsync(new ChatRequest("How do I reset my password?") { ConversationId = "conv_known_elsewhere" }).WaitAsync(HangGuard);

        reply.Text.Should().Contain("reset link");
        Fleet.ChatBodies(server).Should().ContainSingle().Which.ContainsKey("history").Should().BeFalse();
        logs.GetSnapshot().Where(r => r.Id.Id == 1101).Select(r => r.Message).Should().Equal(
            "Redis conversation store GetRecentMessages failed (RedisConnectionException); degrading as configured: the conversation continues without its history",
            "Redis conversation store Append failed (RedisConnectionException); degrading as configured: 2 message(s) not stored");
    }

    [Fact]
    public async Task Rate_limiter_with_Redis_down_fails_typed_and_sends_nothing_or_lets_through_when_told()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await RedisFixture.ConnectAsync("127.0.0.1:" + RedisServerProcess.FreePort());
        SupportBotClient Client(bool failOpen)
        {
            var options = server.CreateOptions(Fleet.P);
            options.ApiKey = Fleet.Key;
            options.DefaultBotId = Fleet.Bot;
            options.Retry = new SupportBotRetryOptions { MaxRetries = 0, UseCircuitBreaker = false };
            var resilience = SupportBotResilienceOptions.FromClientOptions(options);
            resilience.RateLimiter = new RedisRateLimiter(connection, new RedisRateLimiterOptions { PermitLimit = 5, FailOpenWhenUnavailable = failOpen });
            return new SupportBotClient(new SupportBotResilienceHandler(resilience) { InnerHandler = SupportBotClient.CreatePrimaryHandler() }, options, disposeHandler: true);
        }

        using var closed = Client(failOpen: false);
        var ex = (await FluentActions.Awaiting(() => closed.ChatAsync("reset password").WaitAsync(HangGuard)).Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.StateStoreUnavailable);
        ex.Message.Should().StartWith("Redis rate limiter Acquire failed: the server could not be reached");
        Fleet.ChatBodies(server).Should().BeEmpty();

        using var open = Client(failOpen: true);
        (await open.ChatAsync("reset password").WaitAsync(HangGuard)).Text.Should().Contain("reset link");
        Fleet.ChatBodies(server).Should().HaveCount(1);
    }

    [Fact]
    public async Task Quota_stop_with_Redis_down_lets_the_call_through_by_default_or_fails_typed_when_told()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await RedisFixture.ConnectAsync("127.0.0.1:" + RedisServerProcess.FreePort());
        using var open = Fleet.Client(server, o => o.QuotaStop = new RedisQuotaStop(connection));
        using var closed = Fleet.Client(server, o => o.QuotaStop = new RedisQuotaStop(connection, new RedisQuotaStopOptions { FailOpenWhenUnavailable = false }));

        (await open.ChatAsync("reset password").WaitAsync(HangGuard)).Text.Should().Contain("reset link");
        var ex = (await FluentActions.Awaiting(() => closed.ChatAsync("reset password").WaitAsync(HangGuard)).Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.StateStoreUnavailable);
        Fleet.ChatBodies(server).Should().HaveCount(1);
    }

    [Fact]
    public async Task Store_calls_with_Redis_down_are_typed_errors()
    {
        await using var connection = await RedisFixture.ConnectAsync("127.0.0.1:" + RedisServerProcess.FreePort());
        var store = new RedisConversationStore(connection);

        foreach (var call in new Func<Task>[]
        {
            () => store.GetMessagesAsync("c").AsTask(),
            () => store.GetRecentMessagesAsync("c", 15).AsTask(),
            () => store.AppendAsync("c", [ConversationMessage.FromUser("x")]).AsTask(),
            () => store.DeleteAsync("c").AsTask(),
        })
        {
            var ex = (await FluentActions.Awaiting(() => call().WaitAsync(HangGuard)).Should().ThrowExactlyAsync<SupportBotException>()).Which;
            ex.ErrorCode.Should().Be(SupportBotErrorCode.StateStoreUnavailable);
            ex.Message.Should().StartWith("Redis conversation store ");
        }
    }

    private static async Task<T> RetryUntilReconnectedAsync<T>(Func<Task<T>> call)
    {
        // The multiplexer reconnects by itself; until it has, calls keep failing typed. Bounded: at most 60 tries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(HangGuard);
            }
            catch (SupportBotException ex) when (ex.ErrorCode == SupportBotErrorCode.StateStoreUnavailable && attempt < 60)
            {
                await Task.Delay(250);
            }
        }
    }
}

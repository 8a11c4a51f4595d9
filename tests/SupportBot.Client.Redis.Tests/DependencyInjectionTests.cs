using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Client.Redis.Tests.Infrastructure;

namespace SupportBot.Client.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class DependencyInjectionTests(RedisFixture redis)
{
    [Fact]
    public async Task One_call_after_AddSupportBotClient_puts_the_store_quota_stop_and_rate_limit_in_Redis()
    {
        await using var server = await Fleet.StartMockAsync();
        var prefix = RedisFixture.UniquePrefix("di");
        ServiceProvider Instance() => new ServiceCollection()
            .AddSupportBotClient(o =>
            {
                o.Provider = Fleet.P;
                o.BaseAddress = server.BaseAddressFor(Fleet.P);
                o.ApiKey = Fleet.Key;
                o.DefaultBotId = Fleet.Bot;
            })
            .AddSupportBotRedis(redis.Endpoint, o =>
            {
                o.ConversationStore!.KeyPrefix = prefix + "conv:";
                o.QuotaStop!.KeyPrefix = prefix + "quota:";
                o.RateLimit = new RedisRateLimiterOptions { KeyPrefix = prefix + "rl:", PartitionKey = "aisupportbot", PermitLimit = 3 };
            })
            .Services.BuildServiceProvider();

        await using var one = Instance();
        await using var two = Instance();
        var a = one.GetRequiredService<ISupportBotClient>();
        var b = two.GetRequiredService<ISupportBotClient>();

        one.GetRequiredService<IConversationStore>().Should().BeOfType<RedisConversationStore>();
        one.GetRequiredService<ISupportBotQuotaStop>().Should().BeOfType<RedisQuotaStop>();
        one.GetRequiredService<IOptionsMonitor<SupportBotResilienceOptions>>().Get(SupportBotServiceCollectionExtensions.DefaultHttpClientName)
            .RateLimiter.Should().BeOfType<RedisRateLimiter>();

        var first = await a.ChatAsync(new ChatRequest("How do I reset my password?"));
        var second = await b.ChatAsync(new ChatRequest("And a refund?") { ConversationId = first.ConversationId });
        second.ConversationId.Should().Be(first.ConversationId);
        Fleet.ChatBodies(server)[1]["history"]!.AsArray().Should().HaveCount(2, "the second instance read the first one's turn from Redis");

        await a.ChatAsync(new ChatRequest("third"));
        (await FluentActions.Awaiting(() => b.ChatAsync(new ChatRequest("fourth"))).Should().ThrowExactlyAsync<SupportBotRateLimitException>())
            .Which.RetryAfter.Should().BePositive("the limit of 3 is shared by both containers");
        Fleet.ChatBodies(server).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_keyed_client_gets_keyed_Redis_services_from_the_multiplexer_in_the_container()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("keyed");
        var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(connection);
        services.AddSupportBotClient("sales", o =>
            {
                o.Provider = Fleet.P;
                o.BaseAddress = server.BaseAddressFor(Fleet.P);
                o.ApiKey = Fleet.Key;
                o.DefaultBotId = Fleet.Bot;
            })
            .AddSupportBotRedis(o => o.ConversationStore!.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        provider.GetService<IConversationStore>().Should().BeNull("only the keyed client uses Redis");
        provider.GetRequiredKeyedService<IConversationStore>("sales").Should().BeOfType<RedisConversationStore>();
        var client = provider.GetRequiredKeyedService<ISupportBotClient>("sales");

        var reply = await client.ChatAsync(new ChatRequest("reset password"));

        (await connection.GetDatabase().ListLengthAsync(prefix + reply.ConversationId)).Should().Be(2);
    }

    [Fact]
    public void Without_a_multiplexer_or_a_connection_string_resolving_the_client_says_what_is_missing()
    {
        var services = new ServiceCollection();
        services.AddSupportBotClient(o =>
            {
                o.Provider = Fleet.P;
                o.ApiKey = Fleet.Key;
                o.DefaultBotId = Fleet.Bot;
            })
            .AddSupportBotRedis();
        using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<ISupportBotClient>()).Should().Throw<InvalidOperationException>()
            .WithMessage("AddSupportBotRedis for client 'SupportBot.Client' found no IConnectionMultiplexer in the container*");
    }
}

using System.Text;
using StackExchange.Redis;
using SupportBot.Client.Redis.Tests.Infrastructure;

namespace SupportBot.Client.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class ConversationStoreTests(RedisFixture redis)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_stores_one_json_element_per_message_and_the_tail_reads_back_in_order()
    {
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("store");
        var store = new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix });

        await store.AppendAsync("c1", [new(MessageRole.User, "hello", T0), new(MessageRole.Assistant, "hi \"there\"", T0.AddSeconds(1))]);
        await store.AppendAsync("c1", [new(MessageRole.User, "refund?")]);

        var raw = await connection.GetDatabase().ListRangeAsync(prefix + "c1");
        raw.Select(v => v.ToString()).Should().Equal(
            """{"r":"user","c":"hello","t":"2026-12-04T10:00:00+00:00"}""",
            """{"r":"assistant","c":"hi \u0022there\u0022","t":"2026-12-04T10:00:01+00:00"}""",
            """{"r":"user","c":"refund?"}""");

        (await store.GetRecentMessagesAsync("c1", 2)).Should().Equal(
            new ConversationMessage(MessageRole.Assistant, "hi \"there\"", T0.AddSeconds(1)),
            new ConversationMessage(MessageRole.User, "refund?"));
        (await store.GetMessagesAsync("c1")).Should().HaveCount(3);
        (await store.GetRecentMessagesAsync("c1", 0)).Should().BeEmpty();
        (await store.GetMessagesAsync("unknown")).Should().BeEmpty();
    }

    [Fact]
    public async Task Append_trims_to_the_messages_kept_and_slides_the_expiry()
    {
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("trim");
        var store = new RedisConversationStore(connection, new RedisConversationStoreOptions
        {
            KeyPrefix = prefix, MaxMessagesPerConversation = 3, SlidingExpiration = TimeSpan.FromHours(2),
        });
        var db = connection.GetDatabase();

        await store.AppendAsync("c", [ConversationMessage.FromUser("1"), ConversationMessage.FromAssistant("2")]);
        await db.KeyExpireAsync(prefix + "c", TimeSpan.FromSeconds(30)); // as if time had passed
        await store.AppendAsync("c", [ConversationMessage.FromUser("3"), ConversationMessage.FromAssistant("4")]);

        (await store.GetMessagesAsync("c")).Select(m => m.Content).Should().Equal("2", "3", "4");
        var ttl = await db.KeyTimeToLiveAsync(prefix + "c");
        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(100), "every append starts the two hours again").And.BeLessThanOrEqualTo(TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task No_expiry_when_sliding_expiration_is_null_and_delete_forgets()
    {
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("noexp");
        var store = new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix, SlidingExpiration = null });

        await store.AppendAsync("c", [ConversationMessage.FromUser("x")]);
        (await connection.GetDatabase().KeyTimeToLiveAsync(prefix + "c")).Should().BeNull();

        await store.DeleteAsync("c");
        (await connection.GetDatabase().KeyExistsAsync(prefix + "c")).Should().BeFalse();
        (await store.GetMessagesAsync("c")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("supportbot:transcript:3q2-7w_AbC-_x9")]
    [InlineData("a:b::c")]
    [InlineData("conv_0123456789abcdef0123456789abcdef")]
    [InlineData("ünïcode id with spaces")]
    public async Task Any_conversation_id_is_its_own_key_verbatim(string id)
    {
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("ids");
        var store = new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix });

        await store.AppendAsync(id, [ConversationMessage.FromAssistant("conv_provider_id_42")]);
        await store.AppendAsync(id + ":", [ConversationMessage.FromAssistant("other")]);

        store.KeyOf(id).Should().Be(prefix + id);
        (await connection.GetDatabase().ListLengthAsync(Encoding.UTF8.GetBytes(prefix + id))).Should().Be(1);
        (await store.GetRecentMessagesAsync(id, 15)).Should().ContainSingle().Which.Content.Should().Be("conv_provider_id_42");
        (await store.GetRecentMessagesAsync(id + ":", 15)).Should().ContainSingle().Which.Content.Should().Be("other");
    }

    [Fact]
    public async Task Concurrent_appends_from_two_connections_lose_nothing_and_keep_each_turn_together()
    {
        await using var a = await redis.ConnectAsync();
        await using var b = await redis.ConnectAsync();
        var options = new RedisConversationStoreOptions { KeyPrefix = RedisFixture.UniquePrefix("race"), MaxMessagesPerConversation = 1000 };
        var stores = new[] { new RedisConversationStore(a, options), new RedisConversationStore(b, options) };

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await stores[i % 2].AppendAsync("shared", [ConversationMessage.FromUser($"q{i}"), ConversationMessage.FromAssistant($"a{i}")], ct));

        var messages = await stores[0].GetMessagesAsync("shared");
        messages.Should().HaveCount(800);
        for (var k = 0; k < 800; k += 2)
        {
            messages[k].Role.Should().Be(MessageRole.User);
            messages[k + 1].Content.Should().Be("a" + messages[k].Content[1..], "a turn's two messages are appended as one");
        }

        messages.Where(m => m.Role == MessageRole.User).Select(m => m.Content).Should().BeEquivalentTo(Enumerable.Range(0, 400).Select(i => $"q{i}"));
    }

    [Fact]
    public async Task An_element_that_is_not_a_stored_message_is_InvalidResponse()
    {
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("bad");
        await connection.GetDatabase().ListRightPushAsync(prefix + "c", "not json");
        var store = new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix });

        var ex = (await FluentActions.Awaiting(() => store.GetMessagesAsync("c").AsTask()).Should().ThrowExactlyAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.InvalidResponse);
    }
}

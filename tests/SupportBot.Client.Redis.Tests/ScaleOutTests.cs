using System.Text.Json.Nodes;
using StackExchange.Redis;
using SupportBot.Client.Redis.Tests.Infrastructure;

namespace SupportBot.Client.Redis.Tests;

/// <summary>Several "instances" (each its own client and Redis connection) serving one conversation through the mock server.</summary>
[Collection(RedisCollection.Name)]
public sealed class ScaleOutTests(RedisFixture redis)
{
    [Fact]
    public async Task Two_instances_alternating_turns_keep_one_AISupportBot_conversation_with_the_complete_history_on_the_wire()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connectionA = await redis.ConnectAsync();
        await using var connectionB = await redis.ConnectAsync();
        var options = new RedisConversationStoreOptions { KeyPrefix = RedisFixture.UniquePrefix("alt") };
        using var a = Fleet.Client(server, o => o.ConversationStore = new RedisConversationStore(connectionA, options));
        using var b = Fleet.Client(server, o => o.ConversationStore = new RedisConversationStore(connectionB, options));

        string[] questions = ["How do I reset my password?", "And a refund?", "Within how many days?", "Thanks, what about the sign-in page?"];
        var replies = new List<ChatReply>();
        string? conversationId = null;
        for (var turn = 0; turn < questions.Length; turn++)
        {
            var instance = turn % 2 == 0 ? a : b;
            var reply = await instance.ChatAsync(new ChatRequest(questions[turn]) { ConversationId = conversationId });
            conversationId ??= reply.ConversationId;
            reply.ConversationId.Should().Be(conversationId);
            replies.Add(reply);
        }

        var bodies = Fleet.ChatBodies(server);
        bodies.Should().HaveCount(4);
        bodies[0].ContainsKey("history").Should().BeFalse("the first turn has no history");
        for (var turn = 1; turn < 4; turn++)
        {
            var expected = Fleet.History(Enumerable.Range(0, turn)
                .SelectMany(t => new[] { ("user", questions[t]), ("assistant", replies[t].Text) }).ToArray());
            JsonNode.DeepEquals(bodies[turn]["history"], expected).Should().BeTrue(
                $"turn {turn + 1} (instance {(turn % 2 == 0 ? "A" : "B")}) sends every earlier turn, whichever instance served it: {bodies[turn]["history"]!.ToJsonString()}");
            bodies[turn]["message"]!.GetValue<string>().Should().Be(questions[turn]);
            bodies[turn]["assistantId"]!.GetValue<string>().Should().Be(Fleet.Bot);
        }

        replies[1].Text.Should().Contain("refund");
    }

    [Fact]
    public async Task Four_instances_times_100_conversations_times_4_turns_lose_and_reorder_nothing()
    {
        await using var server = await Fleet.StartMockAsync();
        var options = new RedisConversationStoreOptions { KeyPrefix = RedisFixture.UniquePrefix("fleet") };
        var connections = new List<ConnectionMultiplexer>();
        var clients = new List<SupportBotClient>();
        for (var i = 0; i < 4; i++)
        {
            var connection = await redis.ConnectAsync();
            connections.Add(connection);
            clients.Add(Fleet.Client(server, o => o.ConversationStore = new RedisConversationStore(connection, options)));
        }

        try
        {
            var ids = new string[100];
            await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, ct) =>
            {
                string? id = null;
                for (var turn = 0; turn < 4; turn++)
                {
                    // Every turn of a conversation lands on another instance, as behind a round-robin load balancer.
                    var reply = await clients[(c + turn) % 4].ChatAsync(new ChatRequest($"c{c} t{turn}: reset password") { ConversationId = id }, ct);
                    id ??= reply.ConversationId;
                }

                ids[c] = id!;
            });

            ids.Should().OnlyHaveUniqueItems();
            var check = new RedisConversationStore(connections[0], options);
            for (var c = 0; c < 100; c++)
            {
                var messages = await check.GetMessagesAsync(ids[c]);
                messages.Where(m => m.Role == MessageRole.User).Select(m => m.Content)
                    .Should().Equal(Enumerable.Range(0, 4).Select(t => $"c{c} t{t}: reset password"), "conversation {0} keeps its turns in order", c);
                messages.Select(m => m.Role.Value).Should().Equal("user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant");
            }

            // On the wire: each conversation's last turn carried its three earlier turns, in order.
            var lastTurns = Fleet.ChatBodies(server).Where(b => b["message"]!.GetValue<string>().Contains(" t3:", StringComparison.Ordinal)).ToArray();
            lastTurns.Should().HaveCount(100);
            foreach (var body in lastTurns)
            {
                var c = body["message"]!.GetValue<string>().Split(' ')[0];
                body["history"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["content"]!.GetValue<string>())
                    .Should().Equal($"{c} t0: reset password", $"{c} t1: reset password", $"{c} t2: reset password");
            }
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

    /// <summary>
    /// A stateless caller (the whole transcript, no conversation id — Microsoft.Extensions.AI's pattern) whose turns land on two
    /// instances: the transcript fingerprint the first instance remembered is in Redis, so the second continues the same server
    /// conversation, on every provider that keeps conversations server-side.
    /// </summary>
    [Theory]
    [InlineData(SupportBotProvider.Asyntai)]
    [InlineData(SupportBotProvider.ChatSupportAI)]
    [InlineData(SupportBotProvider.AskIA)]
    [InlineData(SupportBotProvider.AgentApi)]
    public async Task A_stateless_transcript_continues_its_server_conversation_on_another_instance(SupportBotProvider provider)
    {
        await using var server = await SupportBot.MockServer.SupportBotMockServer.StartAsync();
        await using var connectionA = await redis.ConnectAsync();
        await using var connectionB = await redis.ConnectAsync();
        var options = new RedisConversationStoreOptions { KeyPrefix = RedisFixture.UniquePrefix("stateless") };
        using var a = server.CreateClient(provider, o => o.ConversationStore = new RedisConversationStore(connectionA, options));
        using var b = server.CreateClient(provider, o => o.ConversationStore = new RedisConversationStore(connectionB, options));
        const string Question = "How do I reset my password?";

        var first = await a.ChatAsync(new ChatRequest(Question));
        var second = await b.ChatAsync(new ChatRequest("And what if it expired?")
        {
            History = [ConversationMessage.FromUser(Question), ConversationMessage.FromAssistant(first.Text)],
        });

        second.ConversationId.Should().Be(first.ConversationId);
        second.RequiresEscalation.Should().BeFalse("the follow-up is answered in its conversation's context");
        var sent = JsonNode.Parse(server.Journal.For(provider).Last(r => r.Method == "POST").Body)!.AsObject();
        (sent["session_id"] ?? sent["sessionId"] ?? sent["conversationId"] ?? sent["conversation_id"])!.GetValue<string>().Should().Be(first.ConversationId);

        // A third instance with its own (empty) memory and no Redis would have refused the transcript.
        using var alone = server.CreateClient(provider);
        var act = () => alone.ChatAsync(new ChatRequest("And what if it expired?") { History = [ConversationMessage.FromUser(Question), ConversationMessage.FromAssistant(first.Text)] });
        (await act.Should().ThrowAsync<SupportBotNotSupportedException>()).Which.Operation.Should().Be("History");
    }

    [Fact]
    public async Task Nothing_the_SDK_writes_to_Redis_carries_the_api_key()
    {
        await using var server = await Fleet.StartMockAsync();
        await using var connection = await redis.ConnectAsync();
        var prefix = RedisFixture.UniquePrefix("secrets");
        using var client = Fleet.Client(server, o =>
        {
            o.ConversationStore = new RedisConversationStore(connection, new RedisConversationStoreOptions { KeyPrefix = prefix + "conv:" });
            o.QuotaStop = new RedisQuotaStop(connection, new RedisQuotaStopOptions { KeyPrefix = prefix + "quota:" });
        });

        await client.ChatAsync("reset password");

        // The conversation, and the fingerprint of its transcript (so a stateless caller continues it on any instance).
        var keys = await Fleet.KeysAsync(connection, prefix + "*");
        keys.Should().HaveCount(2);
        keys.Should().ContainSingle(k => System.Text.RegularExpressions.Regex.IsMatch(k, "^" + prefix + "conv:conv_[0-9a-f]{32}$"));
        keys.Should().ContainSingle(k => System.Text.RegularExpressions.Regex.IsMatch(k, "^" + prefix + "conv:supportbot:transcript:[0-9A-F]{64}$"));
        foreach (var key in keys)
        {
            key.Should().NotContain(Fleet.Key);
            var values = await connection.GetDatabase().ListRangeAsync(key);
            values.Select(v => v.ToString()).Should().NotContain(v => v.Contains(Fleet.Key, StringComparison.Ordinal));
        }
    }
}

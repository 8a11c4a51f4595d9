namespace SupportBot.Client.Tests;

public class ConversationStoreTests
{
    private static ConversationMessage[] Messages(params string[] texts) => texts.Select(ConversationMessage.FromUser).ToArray();

    [Fact]
    public async Task Keeps_the_most_recent_messages_per_conversation()
    {
        var store = new InMemoryConversationStore(maxMessagesPerConversation: 3);

        await store.AppendAsync("c", Messages("1", "2"));
        await store.AppendAsync("c", Messages("3", "4", "5"));

        (await store.GetMessagesAsync("c")).Select(m => m.Content).Should().Equal("3", "4", "5");
    }

    [Fact]
    public async Task Recent_messages_are_the_tail_oldest_first()
    {
        var store = new InMemoryConversationStore();
        await store.AppendAsync("c", Messages("1", "2", "3", "4"));

        (await store.GetRecentMessagesAsync("c", 2)).Select(m => m.Content).Should().Equal("3", "4");
        (await store.GetRecentMessagesAsync("c", 10)).Select(m => m.Content).Should().Equal("1", "2", "3", "4");
        (await store.GetRecentMessagesAsync("c", 0)).Should().BeEmpty();
        (await store.GetRecentMessagesAsync("unknown", 5)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_least_recently_used_conversation_is_forgotten_beyond_the_cap()
    {
        var store = new InMemoryConversationStore(maxConversations: 2);
        await store.AppendAsync("a", Messages("a1"));
        await store.AppendAsync("b", Messages("b1"));
        await store.GetMessagesAsync("a");            // a is now more recent than b

        await store.AppendAsync("c", Messages("c1"));

        store.Count.Should().Be(2);
        (await store.GetMessagesAsync("b")).Should().BeEmpty();
        (await store.GetMessagesAsync("a")).Should().ContainSingle();
        (await store.GetMessagesAsync("c")).Should().ContainSingle();
    }

    [Fact]
    public async Task Delete_forgets_a_conversation()
    {
        var store = new InMemoryConversationStore();
        await store.AppendAsync("a", Messages("a1"));

        await store.DeleteAsync("a");

        store.Count.Should().Be(0);
        (await store.GetMessagesAsync("a")).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_appends_lose_nothing()
    {
        var store = new InMemoryConversationStore(maxMessagesPerConversation: 10_000);

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), async (i, ct) => await store.AppendAsync($"c{i % 4}", Messages($"m{i}"), ct));

        for (var c = 0; c < 4; c++)
        {
            (await store.GetMessagesAsync($"c{c}")).Should().HaveCount(100);
        }
    }

    [Fact]
    public async Task A_custom_store_without_a_tail_read_gets_the_default_one()
    {
        IConversationStore store = new ListOnlyStore(Messages("1", "2", "3"));

        (await store.GetRecentMessagesAsync("any", 2)).Select(m => m.Content).Should().Equal("2", "3");
    }

    private sealed class ListOnlyStore(IReadOnlyList<ConversationMessage> messages) : ConversationStore
    {
        public override ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) => new(messages);

        public override ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default) => default;

        public override ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default) => default;
    }
}

using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

/// <summary>Issue 14 goal 4: the stores that grow with traffic are capped, so memory stays flat under load (asserted as counts).</summary>
public sealed class BoundedStoresTests
{
    private static readonly (string, string) Asyntai = ("Authorization", "Bearer YOUR_API_KEY");
    private static readonly (string, string) Agent = ("Authorization", "Bearer sk_live_your_key_here");

    private static Task<SupportBotMockServer> StartAsync(Action<SupportBotMockServerOptions> configure)
    {
        var options = new SupportBotMockServerOptions { TimeProvider = new FakeTimeProvider(), Seed = MockSeed.Demo };
        options.Seed.Accounts.ForEach(a => a.QuotaLimit = null);
        configure(options);
        return SupportBotMockServer.StartAsync(options);
    }

    [Fact]
    public async Task Conversation_store_keeps_the_most_recently_active_up_to_its_capacity()
    {
        await using var server = await StartAsync(o => o.ConversationCapacity = 3);
        for (var i = 0; i < 6; i++)
        {
            (await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Post, "chat/", """{"message":"How do I export my notes?"}""", Asyntai)).Status.Should().Be(200);
        }

        server.State.ConversationCount.Should().Be(3);
        async Task<int> MessagesAsync(string session) =>
            JsonNode.Parse((await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Get, "conversations/?session_id=" + session, null, Asyntai)).Body)!["messages"]!.AsArray().Count;
        (await MessagesAsync("session_000001")).Should().Be(0, "the least recently active conversation was dropped");
        (await MessagesAsync("session_000006")).Should().Be(2);
    }

    [Fact]
    public async Task An_active_conversation_is_not_evicted_before_idle_ones()
    {
        await using var server = await StartAsync(o => o.ConversationCapacity = 2);
        async Task ChatAsync(string session) =>
            (await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Post, "chat/", $$"""{"message":"How do I export my notes?","session_id":"{{session}}"}""", Asyntai)).Status.Should().Be(200);
        await ChatAsync("a");
        await ChatAsync("b");
        await ChatAsync("a");
        await ChatAsync("c"); // evicts b, the least recently active
        var kept = JsonNode.Parse((await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Get, "conversations/?session_id=a", null, Asyntai)).Body)!["messages"]!.AsArray();
        kept.Count.Should().Be(4);
        JsonNode.Parse((await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Get, "conversations/?session_id=b", null, Asyntai)).Body)!["messages"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_conversation_keeps_its_last_messages_up_to_the_cap()
    {
        await using var server = await StartAsync(o => o.MessagesPerConversation = 4);
        for (var i = 0; i < 5; i++)
        {
            (await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Post, "chat/", $$"""{"message":"How do I export my notes? ({{i}})","session_id":"long"}""", Asyntai)).Status.Should().Be(200);
        }

        var messages = JsonNode.Parse((await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Get, "conversations/?session_id=long", null, Asyntai)).Body)!["messages"]!.AsArray();
        messages.Count.Should().Be(4);
        var contents = messages.Select(m => m!["content"]!.GetValue<string>()).ToList();
        contents.Should().NotContain(c => c.Contains("(0)") || c.Contains("(1)"), "the oldest messages were dropped");
        contents[^1].Should().Be("How do I export my notes? (4)");
    }

    [Fact]
    public async Task Gap_log_keeps_the_latest_entries_up_to_the_cap()
    {
        await using var server = await StartAsync(o => o.GapCapacity = 2);
        for (var i = 0; i < 4; i++)
        {
            (await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Post, "v1/query", $$"""{"message":"Can I pay with gold bars number {{i}}?"}""", Agent)).Status.Should().Be(200);
        }

        var gaps = JsonNode.Parse((await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Get, "v1/gaps", null, Agent)).Body)!["gaps"]!.AsArray();
        gaps.Count.Should().Be(2);
        gaps[0]!["question"]!.GetValue<string>().Should().Contain("number 3");
    }

    [Fact]
    public async Task Journal_keeps_the_last_entries_in_order_and_counts_every_request()
    {
        await using var server = await StartAsync(o => o.JournalCapacity = 50);
        using var client = server.CreateClient(SupportBotProvider.AISupportBot);
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) => await client.ChatAsync("How do I reset my password?", cancellationToken: ct));

        server.Journal.Count.Should().Be(50);
        server.Journal.TotalRecorded.Should().Be(400);
        server.Journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(351, 50).Select(i => (long)i));
        server.Journal.Should().AllSatisfy(e => e.Headers["X-API-Key"].Should().Be("ask_***"));
        server.AccountUsage("aisb_main").Should().Be(12 + 400);
    }

    [Fact]
    public async Task Caps_below_one_are_refused()
    {
        await FluentActions.Awaiting(() => StartAsync(o => o.ConversationCapacity = 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}

using System.Text.Json.Nodes;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

/// <summary>
/// Issue 11 item 12: the mock server answers what the provider documents say, not what we invented — ChatSupport AI
/// and AskIA 429 are rate limits only, AgentApi knowledge-base writes are throttled separately and queued rather than
/// rejected, Asyntai's website_id is an integer, and no status a document does not list for an endpoint.
/// </summary>
public sealed class DocumentsSayTests
{
    private static readonly (string, string) AsyntaiAuth = ("Authorization", "Bearer YOUR_API_KEY");

    private static MockSeed WithExhaustedAccount(SupportBotProvider provider, string botId)
    {
        var seed = MockSeed.Demo;
        seed.AddAccount(new MockAccount { Id = "exhausted", Provider = provider, QuotaLimit = 10, QuotaUsed = 10 });
        seed.Bots.Single(b => b.Provider == provider && b.Id == botId).AccountId = "exhausted";
        return seed;
    }

    [Fact]
    public async Task ChatSupportAI_has_no_monthly_quota_an_exhausted_account_still_chats()
    {
        await using var server = await Mock.StartAsync(seed: WithExhaustedAccount(SupportBotProvider.ChatSupportAI, "YOUR_WIDGET_ID"));
        var (status, body, _) = await server.RawAsync(SupportBotProvider.ChatSupportAI, HttpMethod.Post, "widget/chat",
            """{"message":"How do I export my notes?","widgetId":"YOUR_WIDGET_ID"}""", ("Authorization", "Bearer YOUR_API_KEY"));
        status.Should().Be(200, body);
    }

    [Fact]
    public async Task ChatSupportAI_429_is_the_per_key_rate_limit_with_retry_after()
    {
        await using var server = await Mock.StartAsync();
        var (status, body, headers) = await server.RawAsync(SupportBotProvider.ChatSupportAI, HttpMethod.Post, "widget/chat",
            """{"message":"hi","widgetId":"YOUR_WIDGET_ID"}""", ("Authorization", "Bearer chatsupport_rate_limited_key"));
        status.Should().Be(429);
        body.Should().Be("""{"error":"Too Many Requests"}""");
        headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AskIA_has_no_monthly_quota_an_exhausted_account_still_chats()
    {
        await using var server = await Mock.StartAsync(seed: WithExhaustedAccount(SupportBotProvider.AskIA, "YOUR_BOT_ID"));
        var (status, body, _) = await server.RawAsync(SupportBotProvider.AskIA, HttpMethod.Post, "widget/chat",
            """{"botId":"YOUR_BOT_ID","message":"What are your pricing plans?"}""");
        status.Should().Be(200, body);
    }

    [Fact]
    public async Task AgentApi_knowledge_base_writes_skip_the_query_window_and_are_queued_not_rejected()
    {
        await using var server = await Mock.StartAsync();
        var limited = ("Authorization", "Bearer sk_live_rate_limited");

        (await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Post, "v1/query", """{"message":"hi"}""", limited)).Status.Should().Be(429);

        var (status, body, _) = await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Post, "v1/documents",
            """{"title":"Refund policy","content":"Refunds are available within 30 days of purchase."}""", limited);
        status.Should().Be(202, body);
        JsonNode.Parse(body)!["status"]!.GetValue<string>().Should().Be("queued");
        (await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Post, "v1/documents/reindex", null, limited)).Status.Should().Be(202);
        (await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Delete, "v1/documents/doc_refunds", null, limited)).Status.Should().Be(202);
    }

    [Fact]
    public async Task AgentApi_writes_beyond_their_own_window_are_accepted_and_their_jobs_wait_for_the_window()
    {
        var time = new FakeTimeProvider();
        var seed = MockSeed.Demo;
        seed.ApiKeys.Single(k => k.Key == "sk_live_your_key_here").KnowledgeWriteRateLimit = new MockRateLimit { Permits = 1, WindowSeconds = 60 };
        await using var server = await Mock.StartAsync(time, seed);
        var auth = ("Authorization", "Bearer sk_live_your_key_here");

        async Task<string> CreateAsync(string title)
        {
            var (status, body, _) = await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Post, "v1/documents", $$"""{"title":"{{title}}","content":"About {{title}}."}""", auth);
            status.Should().Be(202, body);
            return JsonNode.Parse(body)!["document_id"]!.GetValue<string>();
        }

        async Task<string> StatusAsync(string id) =>
            JsonNode.Parse((await server.RawAsync(SupportBotProvider.AgentApi, HttpMethod.Get, "v1/documents/" + id, null, auth)).Body)!["status"]!.GetValue<string>();

        var first = await CreateAsync("First");
        var second = await CreateAsync("Second");

        time.Advance(TimeSpan.FromSeconds(3));
        (await StatusAsync(first)).Should().Be("indexed");
        (await StatusAsync(second)).Should().Be("queued", "the second write is beyond the 1-per-minute write window: queued until it ends");

        time.Advance(TimeSpan.FromSeconds(60));
        (await StatusAsync(second)).Should().Be("indexed");
    }

    [Theory]
    [InlineData("""{"message":"hi","website_id":"1"}""", "website_id must be an integer")]
    [InlineData("""{"message":"hi","website_id":1.5}""", "website_id must be an integer")]
    [InlineData("""{"message":"hi","website_id":true}""", "website_id must be an integer")]
    [InlineData("""{"message":"hi","website_id":5}""", "Invalid website_id")]
    public async Task Asyntai_website_id_is_an_integer_of_the_account_else_400(string json, string error)
    {
        await using var server = await Mock.StartAsync();
        var (status, body, _) = await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Post, "chat/", json, AsyntaiAuth);
        status.Should().Be(400, "Asyntai documents 400, 401, 429 and 503 only (no 404)");
        body.Should().StartWith("""{"success":false,"error":""").And.Contain(error);
    }

    [Fact]
    public async Task Asyntai_integer_website_id_is_accepted()
    {
        await using var server = await Mock.StartAsync();
        var (status, body, _) = await server.RawAsync(SupportBotProvider.Asyntai, HttpMethod.Post, "chat/", """{"message":"What are your business hours?","website_id":1}""", AsyntaiAuth);
        status.Should().Be(200, body);
    }
}

using System.Net;
using System.Net.Sockets;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

public sealed class SeedAndHostingTests
{
    [Fact]
    public void Demo_seed_has_a_help_centre_of_20_plus_articles_and_every_fixture()
    {
        var seed = MockSeed.Demo;
        seed.KnowledgeBases.Should().Contain(kb => kb.Documents.Count >= 20);
        seed.ApiKeys.Select(k => k.Key).Should().Contain(
        [
            "ask_your_api_key", "ask_your_key_here", "ask_other_assistant_key", "ask_revoked_key", "ask_quota_exhausted_key", "ask_server_error_key",
            "YOUR_API_KEY", "asyntai_quota_exhausted_key", "chatsupport_rate_limited_key",
            "sk_live_your_key_here", "sk_live_query_only", "sk_live_revoked", "sk_live_rate_limited", "sk_live_quota_exhausted", "sk_live_quota_warning",
        ]);
        seed.Bots.Select(b => b.Id).Should().Contain(["clz1abc...", "clz_other", "clz_quota_exhausted", "clz_server_error", "1", "99", "YOUR_WIDGET_ID", "server_error_widget", "YOUR_BOT_ID", "bot_abc123", "rate_limited_bot", "server_error_bot"]);
        seed.Conversations.Select(c => c.Id).Should().Contain(["user_123", "conv_abc123"]);
    }

    [Fact]
    public void Seed_json_round_trips()
    {
        var json = MockSeed.Demo.ToJson();
        json.Should().Contain("\"provider\": \"AgentApi\"");
        MockSeed.Parse(json).ToJson().Should().Be(json);
    }

    [Fact]
    public async Task Fluent_seed_serves_a_custom_bot()
    {
        var seed = MockSeed.Empty
            .AddKnowledgeBase("kb", new MockDocument("d1", "Opening hours", "The shop opens at 8 AM and closes at 6 PM."))
            .AddBot(new MockBot { Id = "shop", Provider = SupportBotProvider.AskIA, KnowledgeBaseId = "kb", Name = "Shop bot" });
        await using var server = await Mock.StartAsync(seed: seed);
        using var client = server.CreateClient(SupportBotProvider.AskIA);

        client.BaseAddress.Should().Be(server.BaseAddressFor(SupportBotProvider.AskIA));
        (await client.ChatAsync("When does the shop open?")).Text.Should().Be("The shop opens at 8 AM and closes at 6 PM.");
        (await client.GetBotAsync()).Name.Should().Be("Shop bot");
    }

    [Fact]
    public async Task Starts_on_a_fixed_port_from_a_seed_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mock-seed-{Guid.NewGuid():N}.json");
        var seed = MockSeed.Demo;
        seed.Accounts.Single(a => a.Id == "asyntai_main").QuotaUsed = 7;
        await File.WriteAllTextAsync(path, seed.ToJson());
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        try
        {
            await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Port = port, SeedFile = path });
            server.BaseAddress.Should().Be(new Uri($"http://127.0.0.1:{port}/"));
            server.BaseAddressFor(SupportBotProvider.Asyntai).Should().Be(new Uri($"http://127.0.0.1:{port}/asyntai/api/v1/"));
            using var client = server.CreateClient(SupportBotProvider.Asyntai);
            (await client.GetAccountAsync()).MessagesUsed.Should().Be(7);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_hosts_until_cancelled()
    {
        using var cts = new CancellationTokenSource();
        Uri? address = null;
        var run = SupportBotMockServer.RunAsync(new SupportBotMockServerOptions(), s => { address = s.BaseAddress; cts.Cancel(); }, cts.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(20));
        address.Should().NotBeNull();
    }

    [Fact]
    public async Task Base_addresses_follow_the_contract_fixture_prefixes()
    {
        await using var server = await Mock.StartAsync();
        var root = server.BaseAddress.AbsoluteUri;
        server.BaseAddressFor(SupportBotProvider.AISupportBot).AbsoluteUri.Should().Be(root + "aisupportbot/api/");
        server.BaseAddressFor(SupportBotProvider.Asyntai).AbsoluteUri.Should().Be(root + "asyntai/api/v1/");
        server.BaseAddressFor(SupportBotProvider.ChatSupportAI).AbsoluteUri.Should().Be(root + "chatsupportai/api/");
        server.BaseAddressFor(SupportBotProvider.AskIA).AbsoluteUri.Should().Be(root + "askia/api/");
        server.BaseAddressFor(SupportBotProvider.AgentApi).AbsoluteUri.Should().Be(root + "agentapi/");
        var options = server.CreateOptions(SupportBotProvider.AISupportBot);
        options.ApiKey.Should().Be("ask_your_api_key");
        options.DefaultBotId.Should().Be("clz1abc...");
        server.CreateOptions(SupportBotProvider.AskIA).ApiKey.Should().BeNull();
        server.CreateOptions(SupportBotProvider.Asyntai).DefaultBotId.Should().Be("1");
    }
}

using SupportBot.Client;
using SupportBot.Client.Diagnostics;
using SupportBot.MockServer;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary>The doctor against the reference mock server: healthy, revoked key, quota, AI off, slow, unknown bot, unreachable.</summary>
public sealed class MockServerDiagnosisTests
{
    private static SupportBotDoctor Doctor(bool chat = false, bool drift = true, TimeSpan? slow = null) => new(new SupportBotDiagnosisOptions
    {
        IncludeChat = chat,
        CheckContractDrift = drift,
        SlowThreshold = slow ?? TimeSpan.FromSeconds(30),
    });

    private static Task<SupportBotMockServer> StartAsync(MockSeed? seed = null) =>
        SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed });

    public static TheoryData<SupportBotProvider> Providers => [.. Enum.GetValues<SupportBotProvider>()];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Healthy_provider_passes_every_check_and_matches_its_contract(SupportBotProvider provider)
    {
        await using var server = await StartAsync();

        var diagnosis = await Doctor(chat: true).DiagnoseAsync(server.CreateOptions(provider));

        diagnosis.Status.Should().Be(DiagnosticStatus.Ok, string.Join("\n", diagnosis.Checks));
        diagnosis[DiagnosticCheckNames.Options]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis[DiagnosticCheckNames.Connect]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis[DiagnosticCheckNames.Tls]!.Status.Should().Be(DiagnosticStatus.Skipped);
        diagnosis[DiagnosticCheckNames.Chat]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis[DiagnosticCheckNames.Latency]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis.Checks.Where(c => c.Name.StartsWith(DiagnosticCheckNames.ContractPrefix, StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(c => c.Status == DiagnosticStatus.Ok);
        diagnosis.ContractDifferences.Should().NotContain(d => d.IsFailure);
        diagnosis.Calls.Should().OnlyContain(c => c.StatusCode != null);
        if (provider != SupportBotProvider.AskIA)
        {
            diagnosis[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Ok);
        }
    }

    [Fact]
    public async Task Without_chat_only_read_only_calls_are_made_and_AISupportBot_key_is_skipped()
    {
        await using var server = await StartAsync();

        var asyntai = await Doctor().DiagnoseAsync(server.CreateOptions(SupportBotProvider.Asyntai));
        var aisupportbot = await Doctor().DiagnoseAsync(server.CreateOptions(SupportBotProvider.AISupportBot));

        server.Journal.Should().NotContain(r => r.Method == "POST");
        asyntai.Status.Should().Be(DiagnosticStatus.Ok);
        asyntai.Quota.Should().Be(new QuotaUsage(150, 2500, "messages"));
        asyntai[DiagnosticCheckNames.Bot]!.Reason.Should().Contain("website 1");
        aisupportbot[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Skipped);
        aisupportbot[DiagnosticCheckNames.Key]!.Reason.Should().Contain("--chat");
        aisupportbot[DiagnosticCheckNames.Chat]!.Status.Should().Be(DiagnosticStatus.Skipped);
    }

    [Theory]
    [InlineData(SupportBotProvider.AISupportBot, "ask_revoked_key", "401")]
    [InlineData(SupportBotProvider.AISupportBot, "ask_other_assistant_key", "403")]
    [InlineData(SupportBotProvider.Asyntai, "asyntai_invalid_key", "401")]
    [InlineData(SupportBotProvider.ChatSupportAI, "chatsupport_invalid_key", "401")]
    [InlineData(SupportBotProvider.AgentApi, "sk_live_revoked", "401")]
    public async Task Revoked_or_foreign_key_fails_the_key_check_telling_401_from_403(SupportBotProvider provider, string key, string status)
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(provider);
        options.ApiKey = key;

        var diagnosis = await Doctor(chat: true).DiagnoseAsync(options);

        diagnosis.Status.Should().Be(DiagnosticStatus.Fail);
        var check = diagnosis[DiagnosticCheckNames.Key]!;
        check.Status.Should().Be(DiagnosticStatus.Fail);
        check.Reason.Should().Contain("HTTP " + status);
        check.Reason.Should().StartWith(status == "401" ? "key rejected" : "key accepted but not allowed");
        check.Hint.Should().NotBeNullOrEmpty();
        check.Reason.Should().NotContain(key, "the key is never echoed");
    }

    [Fact]
    public async Task AgentApi_query_only_key_is_accepted()
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(SupportBotProvider.AgentApi);
        options.ApiKey = "sk_live_query_only";

        var diagnosis = await Doctor().DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Ok);
        diagnosis.Status.Should().Be(DiagnosticStatus.Ok);
    }

    [Fact]
    public async Task Exhausted_quota_fails()
    {
        await using var server = await StartAsync();
        var asyntai = server.CreateOptions(SupportBotProvider.Asyntai);
        asyntai.ApiKey = "asyntai_quota_exhausted_key";
        asyntai.DefaultBotId = "2";
        var agent = server.CreateOptions(SupportBotProvider.AgentApi);
        agent.ApiKey = "sk_live_quota_exhausted";
        var aisupportbot = server.CreateOptions(SupportBotProvider.AISupportBot);
        aisupportbot.ApiKey = "ask_quota_exhausted_key";
        aisupportbot.DefaultBotId = "clz_quota_exhausted";

        var a = await Doctor().DiagnoseAsync(asyntai);
        var b = await Doctor().DiagnoseAsync(agent);
        var c = await Doctor(chat: true).DiagnoseAsync(aisupportbot);

        a[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Fail);
        a[DiagnosticCheckNames.Quota]!.Reason.Should().Contain("2,500/2,500 messages");
        b[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Fail);
        c[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Fail);
        c[DiagnosticCheckNames.Quota]!.Reason.Should().Contain("429");
        new[] { a, b, c }.Should().OnlyContain(d => d.Status == DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task Nearly_exhausted_quota_warns()
    {
        var seed = MockSeed.Demo;
        seed.Accounts.Single(a => a.Id == "asyntai_main").QuotaUsed = 2300;   // 92 %
        await using var server = await StartAsync(seed);
        var agent = server.CreateOptions(SupportBotProvider.AgentApi);
        agent.ApiKey = "sk_live_quota_warning";

        var asyntai = await Doctor().DiagnoseAsync(server.CreateOptions(SupportBotProvider.Asyntai));
        var agentApi = await Doctor().DiagnoseAsync(agent);

        asyntai[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Warn);
        asyntai[DiagnosticCheckNames.Quota]!.Reason.Should().Contain("nearly exhausted").And.Contain("92");
        asyntai.Status.Should().Be(DiagnosticStatus.Warn);
        agentApi[DiagnosticCheckNames.Quota]!.Status.Should().Be(DiagnosticStatus.Warn);
    }

    [Theory]
    [InlineData(SupportBotProvider.Asyntai)]
    [InlineData(SupportBotProvider.AgentApi)]
    [InlineData(SupportBotProvider.AskIA)]
    public async Task AI_unavailable_fails_the_chat_check(SupportBotProvider provider)
    {
        await using var server = await StartAsync();
        server.SetAiAvailable(provider, false);

        var diagnosis = await Doctor(chat: true).DiagnoseAsync(server.CreateOptions(provider));

        diagnosis[DiagnosticCheckNames.Chat]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Chat]!.Reason.Should().Contain("AI unavailable").And.Contain("503");
        diagnosis.Status.Should().Be(DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task Slow_call_beyond_the_threshold_warns()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new MockFault
        {
            Provider = SupportBotProvider.Asyntai,
            PathContains = "account",
            Kind = MockFaultKind.Delay,
            Delay = TimeSpan.FromMilliseconds(400),
        });

        var diagnosis = await Doctor(slow: TimeSpan.FromMilliseconds(200)).DiagnoseAsync(server.CreateOptions(SupportBotProvider.Asyntai));

        diagnosis[DiagnosticCheckNames.Latency]!.Status.Should().Be(DiagnosticStatus.Warn);
        diagnosis[DiagnosticCheckNames.Latency]!.Endpoint.Should().Be("GET account/");
        diagnosis.Status.Should().Be(DiagnosticStatus.Warn);
    }

    [Theory]
    [InlineData(SupportBotProvider.AskIA, "unknown_bot")]
    [InlineData(SupportBotProvider.ChatSupportAI, "unknown_widget")]
    [InlineData(SupportBotProvider.Asyntai, "42")]
    public async Task Unknown_bot_id_fails_the_bot_check(SupportBotProvider provider, string botId)
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(provider);
        options.DefaultBotId = botId;

        var diagnosis = await Doctor().DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.Bot]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Bot]!.Reason.Should().Contain(botId);
    }

    [Fact]
    public async Task Rate_limited_key_warns()
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(SupportBotProvider.AgentApi);
        options.ApiKey = "sk_live_rate_limited";

        var diagnosis = await Doctor(chat: true).DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.RateLimit]!.Status.Should().Be(DiagnosticStatus.Warn);
        diagnosis[DiagnosticCheckNames.RateLimit]!.Reason.Should().Contain("retry after 30 s");
    }

    [Fact]
    public async Task Unreachable_base_address_fails_connect_and_skips_the_rest()
    {
        var options = new SupportBotClientOptions
        {
            Provider = SupportBotProvider.Asyntai,
            ApiKey = "YOUR_API_KEY",
            BaseAddress = new Uri("http://127.0.0.1:1/asyntai/api/v1/"),
            AllowInsecureHttp = true,
        };

        var diagnosis = await Doctor().DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.Connect]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Key]!.Status.Should().Be(DiagnosticStatus.Skipped);
        diagnosis.Status.Should().Be(DiagnosticStatus.Fail);
    }

    [Fact]
    public async Task A_wrong_base_path_fails_connect_naming_the_url_not_the_bot_id_and_quota_is_not_read_rather_than_unreported()
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(SupportBotProvider.AgentApi);
        options.BaseAddress = new Uri(options.BaseAddress!, "v1/");   // the documented path is .../agentapi/, endpoints add v1/

        var diagnosis = await Doctor().DiagnoseAsync(options);

        var connect = diagnosis[DiagnosticCheckNames.Connect]!;
        connect.Status.Should().Be(DiagnosticStatus.Fail);
        connect.Reason.Should().Be($"GET v1/usage: not found (HTTP 404) at {options.BaseAddress}v1/usage: the base address path is wrong");
        connect.Hint.Should().Be("Check BaseAddress (--base-url, SUPPORTBOT_BASE_URL): its path must be the one the provider documents, ending where its endpoints start.");
        diagnosis.Checks.Should().NotContain(c => c.Hint != null && c.Hint.Contains("DefaultBotId", StringComparison.Ordinal));
        diagnosis[DiagnosticCheckNames.Bot]!.Status.Should().Be(DiagnosticStatus.Skipped);
        diagnosis[DiagnosticCheckNames.Quota]!.Reason.Should().Be("not read: GET v1/usage failed (see above)");
        diagnosis.Status.Should().Be(DiagnosticStatus.Fail);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_provider_whose_client_reads_usage_has_a_quota_probe_and_only_such_a_provider_says_it_reports_none(SupportBotProvider provider)
    {
        var probe = SupportBot.Client.Diagnostics.Providers.ProviderProbe.For(provider);
        var readsUsage = provider is SupportBotProvider.Asyntai or SupportBotProvider.AgentApi;   // GET account/, GET v1/usage

        (probe.QuotaEndpoint is not null).Should().Be(readsUsage);
        if (readsUsage)
        {
            probe.QuotaUnreportedReason.Should().NotContain("does not report");
        }
    }

    [Fact]
    public async Task The_connection_is_warmed_once_before_the_call_the_latency_check_times()
    {
        await using var server = await StartAsync();
        var options = server.CreateOptions(SupportBotProvider.Asyntai);
        var basePath = options.BaseAddress!.AbsolutePath;

        var diagnosis = await Doctor().DiagnoseAsync(options);

        server.Journal.Snapshot().Where(r => r.Method == "GET" && r.Path == basePath).Should().HaveCount(2, "one cold GET for the connect check, one warm GET that is timed");
        diagnosis.Calls.Where(c => c.Purpose == DiagnosticCheckNames.Connect).Should().ContainSingle();
    }

    [Fact]
    public async Task Unresolvable_host_fails_dns()
    {
        var options = new SupportBotClientOptions { Provider = SupportBotProvider.AgentApi, ApiKey = "sk_live_x", BaseAddress = new Uri("https://agent.doctor-test.invalid/") };

        var diagnosis = await Doctor().DiagnoseAsync(options);

        diagnosis[DiagnosticCheckNames.Dns]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Connect]!.Status.Should().Be(DiagnosticStatus.Skipped);
    }

    [Fact]
    public async Task Invalid_options_fail_without_sending_anything()
    {
        var diagnosis = await Doctor().DiagnoseAsync(new SupportBotClientOptions { Provider = SupportBotProvider.AgentApi, ApiKey = "sk_live_x" });

        diagnosis[DiagnosticCheckNames.Options]!.Status.Should().Be(DiagnosticStatus.Fail);
        diagnosis[DiagnosticCheckNames.Options]!.Hint.Should().Contain("nothing was sent");
        diagnosis.Calls.Should().BeEmpty();
    }
}

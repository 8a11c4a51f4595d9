using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Cli.Commands;
using SupportBot.Cli.Tests.Infrastructure;
using SupportBot.Client;
using SupportBot.Client.Testing;
using SupportBot.Client.Testing.Recording;
using SupportBot.MockServer;

namespace SupportBot.Cli.Tests;

/// <summary>
/// <c>supportbot record</c> end to end: the reference mock server stands in for the provider, the SDK talks to it through
/// the recording proxy, and the recording replays through SupportBot.Client.Testing to the same normalized results.
/// </summary>
public sealed class RecordCommandTests : IDisposable
{
    private const string RealKey = "asyntai_9Qw3Er5Ty7Ui1Op2As";
    private const string QuotaKey = "asyntai_Zx8Cv6Bn4Mm2Ll0Kj";

    private readonly TempFolder _temp = new("supportbot-record");

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_run_recorded_through_the_proxy_holds_no_secret_and_replays_to_the_same_sdk_results()
    {
        var seed = MockSeed.Demo
            .AddKey(SupportBotProvider.Asyntai, RealKey, accountId: "asyntai_main")
            .AddKey(SupportBotProvider.Asyntai, QuotaKey, accountId: "asyntai_quota");
        await using var upstream = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed });
        // A provider that echoes the key in an error body (the hostile case the scrubber must catch).
        upstream.Faults.Add(new MockFault
        {
            Provider = SupportBotProvider.Asyntai,
            PathContains = "websites",
            StatusCode = 401,
            Body = $$"""{"success":false,"error":"Invalid API key: {{RealKey}}"}""",
        });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = new SyncStringWriter();
        var run = CliRun.RunAsync(
            ["-p", "asyntai", "record", "--upstream", upstream.BaseAddressFor(SupportBotProvider.Asyntai).ToString(), "--out", Folder],
            "",
            stdout: stdout,
            cancellationToken: cts.Token);
        var banner = await stdout.WaitForAsync(t => t.Contains(RecordCommand.ReadyLine, StringComparison.Ordinal));
        var proxy = new Uri(Regex.Match(banner, @"http://127\.0\.0\.1:\d+/").Value);

        var recorded = await RunScriptAsync(proxy, RealKey, QuotaKey);

        recorded.Should().HaveCount(6);
        recorded[0].Should().StartWith("To reset your password, click \"Forgot password?\"").And.EndWith("[rec_conv_1, escalation False]");
        recorded[2].Should().StartWith("user: How do I reset my password? | assistant: To reset your password");
        recorded[3].Should().MatchRegex(@"^you@example\.com starter \d+/2500$");
        recorded[4].Should().StartWith("SupportBotAuthenticationException Unauthorized 401");
        recorded[5].Should().StartWith("SupportBotQuotaExceededException QuotaExceeded 429");
        await cts.CancelAsync();
        var result = await run;
        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain("  POST → 200  saved 001-post-chat-200.json")
            .And.Contain("  GET → 401  saved 005-get-websites-401.json")
            .And.Contain("  POST → 429  saved 006-post-chat-429.json")
            .And.Contain("Stopped: 6 exchange(s) saved under")
            .And.NotContain(RealKey).And.NotContain(QuotaKey);

        // No secret in any saved byte; the scan agrees, even told the real keys.
        var files = Directory.GetFiles(Path.Combine(Folder, "mappings")).Order(StringComparer.Ordinal).ToList();
        files.Select(Path.GetFileName).Should().Equal(
            "001-post-chat-200.json", "002-post-chat-200.json", "003-get-conversations-200.json", "004-get-account-200.json",
            "005-get-websites-401.json", "006-post-chat-429.json");
        string.Concat(files.Select(File.ReadAllText)).Should().NotContain(RealKey).And.NotContain(QuotaKey).And.Contain("Invalid API key: YOUR_API_KEY");
        var check = await CliRun.RunAsync("--json", "-k", RealKey, "record", "--check", Folder, "--secret", QuotaKey);
        check.ExitCode.Should().Be(0, check.ToString());
        using (var doc = JsonDocument.Parse(check.Out))
        {
            doc.RootElement.GetProperty("clean").GetBoolean().Should().BeTrue();
            doc.RootElement.GetProperty("files").GetInt32().Should().Be(6);
        }

        // Drift: the recording against the documented contracts, offline.
        var drift = await CliRun.RunAsync("--json", "doctor", "--recording", Folder);
        drift.ExitCode.Should().Be(0, drift.ToString());
        using (var doc = JsonDocument.Parse(drift.Out))
        {
            doc.RootElement.GetProperty("mappings").EnumerateArray()
                .Select(m => $"{m.GetProperty("endpoint").GetString()} {m.GetProperty("status").GetInt32()} {m.GetProperty("outcome").GetString()} {m.GetProperty("comparedWith").GetString()} {m.GetProperty("failure").GetBoolean()}")
                .Should().Equal(
                    "POST chat/ 200 compared asyntai/chat False",
                    "POST chat/ 200 compared asyntai/chat False",
                    "GET conversations/ 200 compared asyntai/conversations False",
                    "GET account/ 200 compared asyntai/account False",
                    "GET websites/ 401 documentedError  False",
                    "POST chat/ 429 documentedError  False");
        }

        // Replay: the documented contracts plus the recording; the placeholders are the keys the replay sends.
        var options = new SupportBotWireMockOptions();
        options.RecordingFolders.Add(Folder);
        using var wireMock = SupportBotWireMock.Start(options);
        var replayed = await RunScriptAsync(wireMock.BaseAddressFor(SupportBotProvider.Asyntai), "YOUR_API_KEY", "recorded_key_2");

        replayed.Should().Equal(recorded.Select(r => r.Replace(RealKey, "YOUR_API_KEY", StringComparison.Ordinal)));
        wireMock.MatchedMappingNames.Should().Equal(
            "asyntai/recorded-001-post-chat-200", "asyntai/recorded-002-post-chat-200", "asyntai/recorded-003-get-conversations-200",
            "asyntai/recorded-004-get-account-200", "asyntai/recorded-005-get-websites-401", "asyntai/recorded-006-post-chat-429");
    }

    [Fact]
    public async Task The_proxy_listens_on_the_port_given_and_json_reports_start_and_stop()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var upstream = await SupportBotMockServer.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = new SyncStringWriter();
        var run = CliRun.RunAsync(
            ["--json", "-p", "agentapi", "--base-url", upstream.BaseAddressFor(SupportBotProvider.AgentApi).ToString(), "record", "--out", Folder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            "",
            stdout: stdout,
            cancellationToken: cts.Token);
        var started = await stdout.WaitForAsync(t => t.TrimEnd().EndsWith('}'));
        using (var doc = JsonDocument.Parse(started))
        {
            doc.RootElement.GetProperty("provider").GetString().Should().Be("AgentApi");
            doc.RootElement.GetProperty("proxy").GetString().Should().Be($"http://127.0.0.1:{port}/");
            doc.RootElement.GetProperty("upstream").GetString().Should().Be(upstream.BaseAddressFor(SupportBotProvider.AgentApi).ToString());
        }

        using (var client = new SupportBotClient(new SupportBotClientOptions { Provider = SupportBotProvider.AgentApi, ApiKey = "sk_live_your_key_here", BaseAddress = new Uri($"http://127.0.0.1:{port}/") }))
        {
            (await client.GetAccountAsync()).Plan.Should().NotBeNullOrEmpty();
        }

        await cts.CancelAsync();
        var result = await run;
        result.ExitCode.Should().Be(0, result.ToString());
        var stopped = result.Out[started.Length..];
        using (var doc = JsonDocument.Parse(stopped))
        {
            doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()).Should().Equal(Path.Combine("mappings", "001-get-v1-usage-200.json"));
        }
    }

    [Fact]
    public async Task Doctor_recording_fails_with_exit_6_on_a_recorded_response_that_drifted()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "001-get-account-200.json"), """
            {"name":"asyntai/recorded-001-get-account-200","request":{"method":"GET","urlPath":"/asyntai/api/v1/account/"},
             "response":{"status":200,"jsonBody":{"success":true,"account":{"email":"[scrubbed]","plan":"starter","messages_used":"152","messages_limit":2500}}},
             "metadata":{"provider":"Asyntai","recorded":{"path":"account/"}}}
            """);

        var result = await CliRun.RunAsync("doctor", "--recording", Folder);

        result.ExitCode.Should().Be(ExitCodes.DoctorFailed, result.ToString());
        result.Out.Should().Contain("FAIL asyntai/recorded-001-get-account-200 (GET account/): $.account.messages_used is string, documented number")
            .And.Contain("1 recorded mapping(s): 1 compared, 1 drifting → exit 6");

        var missing = await CliRun.RunAsync("doctor", "--recording", Path.Combine(Folder, "nowhere"));
        missing.ExitCode.Should().Be(ExitCodes.Usage);
        missing.Err.Should().Contain("--recording: Recording folder '");
    }

    [Fact]
    public async Task Check_fails_with_exit_7_on_a_mapping_that_holds_a_secret_and_never_prints_it()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "leak.json"), """
            {"id":"8e7d2b0c-6a4e-4f5e-9a39-0d6b1f0c2a11","name":"aisupportbot/leak","request":{"method":"POST","urlPath":"/aisupportbot/api/chat","headers":{"X-API-Key":{"equalTo":"ask_9f8e7d6c5b4a3928"}}},"response":{"status":200}}
            """);

        var result = await CliRun.RunAsync("record", "--check", Folder);

        result.ExitCode.Should().Be(ExitCodes.SecretFound, result.ToString());
        result.Out.Should().Contain("2 secret(s) in").And.Contain("leak.json").And.Contain("$.request.headers['X-API-Key'].equalTo")
            .And.Contain("a value in the shape of a provider key").And.NotContain("ask_9f8e7d6c5b4a3928");
    }

    [Theory]
    [InlineData(new[] { "record", "--out", "x" }, "record needs --provider (or SUPPORTBOT_PROVIDER): one of aisupportbot, asyntai, chatsupportai, askia, agentapi")]
    [InlineData(new[] { "-p", "asyntai", "record", "--out", "x" }, "record needs --upstream <url> (or --base-url / SUPPORTBOT_BASE_URL): the provider's base address to forward to")]
    [InlineData(new[] { "-p", "asyntai", "record", "--upstream", "https://asyntai.com/api/v1/" }, "record needs --out <folder>: where the mappings are written")]
    [InlineData(new[] { "-p", "asyntai", "record", "--upstream", "https://asyntai.com/api/v1/", "--out", "x", "--secret-pattern", "asy_[" }, "Secret pattern 'asy_[' is not a valid .NET regular expression:")]
    [InlineData(new[] { "record", "--check", "no-such-folder-here" }, "--check: folder '")]
    public async Task Usage_errors_name_the_fix(string[] args, string message)
    {
        var result = await CliRun.RunAsync(args);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.Err.Should().Contain(message);
        result.ShouldHaveNoStackTrace();
    }

    /// <summary>Chat twice, read the conversation and the account, a 401 that echoes the key, a 429: each outcome as one line.</summary>
    private static async Task<List<string>> RunScriptAsync(Uri baseAddress, string key, string quotaKey)
    {
        var outcomes = new List<string>();
        using var client = Client(baseAddress, key);
        using var quotaClient = Client(baseAddress, quotaKey);
        await Outcome(outcomes, baseAddress, async () => Describe(await client.ChatAsync("How do I reset my password?", "rec_conv_1")));
        await Outcome(outcomes, baseAddress, async () => Describe(await client.ChatAsync("How long is the reset link valid?", "rec_conv_1")));
        await Outcome(outcomes, baseAddress, async () =>
        {
            var transcript = await client.GetConversationAsync("rec_conv_1");
            return string.Join(" | ", transcript.Messages.Select(m => $"{m.Role}: {m.Content}"));
        });
        await Outcome(outcomes, baseAddress, async () =>
        {
            var account = await client.GetAccountAsync();
            return $"{account.Email} {account.Plan} {account.MessagesUsed}/{account.MessagesLimit}";
        });
        await Outcome(outcomes, baseAddress, async () => string.Join(",", (await client.GetWebsitesAsync()).Select(w => w.Id)));
        await Outcome(outcomes, baseAddress, async () => Describe(await quotaClient.ChatAsync("Hello?", "rec_conv_2")));
        return outcomes;
    }

    private static SupportBotClient Client(Uri baseAddress, string key) => new(new SupportBotClientOptions
    {
        Provider = SupportBotProvider.Asyntai,
        ApiKey = key,
        BaseAddress = baseAddress,
        Retry = new SupportBotRetryOptions { MaxRetries = 0 },
    });

    private static string Describe(ChatReply reply) => $"{reply.Text} [{reply.ConversationId}, escalation {reply.RequiresEscalation}]";

    private static async Task Outcome(List<string> outcomes, Uri baseAddress, Func<Task<string>> call)
    {
        try
        {
            outcomes.Add(await call());
        }
        catch (SupportBotException ex)
        {
            // The URL differs between the proxy and the replay server; everything else must not.
            outcomes.Add($"{ex.GetType().Name} {ex.ErrorCode} {ex.StatusCode} {ex.RetryAfter} {ex.Details} {ex.Message.Replace(baseAddress.ToString(), "<base>/", StringComparison.Ordinal)}");
        }
    }
}

using System.Text;
using System.Text.Json;
using SupportBot.Cli.Commands;
using SupportBot.Cli.Tests.Infrastructure;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Cli.Tests;

/// <summary>Every command in-process against the real reference server (<c>--mock</c> and the <c>mock</c> command).</summary>
public class MockServerCommandTests
{
    [Fact]
    public async Task Ask_with_mock_answers_from_the_demo_knowledge()
    {
        var result = await CliRun.RunAsync("--mock", "ask", "How do I reset my password?");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain("Forgot password").And.MatchRegex("conversation: conv_[0-9a-f]{32}");
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public async Task Ask_with_mock_on_agentapi_shows_sources_and_confidence_and_json()
    {
        var text = await CliRun.RunAsync("--mock", "--provider", "AgentApi", "ask", "Is my data encrypted?");
        text.ExitCode.Should().Be(0, text.ToString());
        text.Out.Should().Contain("AES-256").And.Contain("source: Security and encryption (doc_security)").And.MatchRegex(@"confidence: \d\.\d\d");

        var json = await CliRun.RunAsync("--mock", "-p", "agentapi", "--json", "ask", "Is my data encrypted?");
        using var doc = JsonDocument.Parse(json.Out);
        doc.RootElement.GetProperty("provider").GetString().Should().Be("AgentApi");
        doc.RootElement.GetProperty("sources")[0].GetProperty("documentId").GetString().Should().Be("doc_security");
        doc.RootElement.GetProperty("confidence").GetDouble().Should().BeInRange(0.5, 1);
    }

    [Theory]
    [InlineData("aisupportbot")]
    [InlineData("asyntai")]
    [InlineData("chatsupportai")]
    [InlineData("askia")]
    [InlineData("agentapi")]
    public async Task Chat_over_redirected_stdin_keeps_one_conversation_on_every_provider(string provider)
    {
        var result = await CliRun.RunAsync(
            ["--mock", "-p", provider, "chat", "--json"],
            "How do I reset my password?\nHow long is the reset link valid?\n/history\n/new\nWhat will the weather be like in Paris tomorrow?\n/exit\n");

        result.ExitCode.Should().Be(0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var turns = doc.RootElement.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("reply")).ToList();
        turns.Should().HaveCount(3);
        turns[0].GetProperty("text").GetString().Should().Contain("Forgot password");
        turns[1].GetProperty("text").GetString().Should().Contain("60 minutes");
        turns[1].GetProperty("conversationId").GetString().Should().Be(turns[0].GetProperty("conversationId").GetString());
        turns[2].GetProperty("conversationId").GetString().Should().NotBe(turns[0].GetProperty("conversationId").GetString());
        turns[2].GetProperty("requiresEscalation").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Chat_human_output_shows_turns_history_and_escalation()
    {
        var result = await CliRun.RunAsync(
            ["--mock", "chat"],
            "What is your refund policy?\nCan you recommend a good pizza restaurant near me?\n/history\n");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain("Chatting with AISupportBot")
            .And.Contain("bot> We offer a full refund within 14 days")
            .And.Contain("bot> [escalation]")
            .And.Contain("4 messages:")
            .And.Contain("  you: What is your refund policy?");
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public async Task Reads_render_tables_from_the_mock()
    {
        var websites = await CliRun.RunAsync("--mock", "-p", "asyntai", "websites");
        websites.Out.Should().Contain("My Website").And.Contain("example.com");

        var account = await CliRun.RunAsync("--mock", "-p", "asyntai", "account");
        account.Out.Should().Contain("you@example.com").And.Contain("starter").And.Contain("2500");

        var conversation = await CliRun.RunAsync("--mock", "-p", "asyntai", "conversation", "user_123", "--limit", "10");
        conversation.Out.Should().Contain("Asyntai conversation user_123 (2 messages)").And.Contain("What are your business hours?");

        var bot = await CliRun.RunAsync("--mock", "-p", "askia", "bot");
        bot.Out.Should().Contain("Customer Support Assistant").And.Contain("YOUR_BOT_ID");

        var branding = await CliRun.RunAsync("--mock", "-p", "askia", "branding");
        branding.Out.Should().Contain("#6366f1").And.Contain("bottom-right");

        var agentAccount = await CliRun.RunAsync("--mock", "-p", "agentapi", "account", "--json");
        using var doc = JsonDocument.Parse(agentAccount.Out);
        doc.RootElement.GetProperty("provider").GetString().Should().Be("AgentApi");
        doc.RootElement.GetProperty("messagesLimit").GetInt64().Should().BePositive();

        foreach (var r in new[] { websites, account, conversation, bot, branding, agentAccount })
        {
            r.ExitCode.Should().Be(0, r.ToString());
            r.Err.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Reads_as_json_from_the_mock()
    {
        using (var doc = JsonDocument.Parse((await CliRun.RunAsync("--mock", "-p", "chatsupportai", "bot", "--json")).Out))
        {
            doc.RootElement.GetProperty("id").GetString().Should().Be("YOUR_WIDGET_ID");
        }

        using (var doc = JsonDocument.Parse((await CliRun.RunAsync("--mock", "-p", "asyntai", "conversation", "user_123", "--json")).Out))
        {
            doc.RootElement.GetProperty("conversationId").GetString().Should().Be("user_123");
            doc.RootElement.GetProperty("messages").GetArrayLength().Should().Be(2);
        }

        using (var doc = JsonDocument.Parse((await CliRun.RunAsync("--mock", "-p", "asyntai", "websites", "--json")).Out))
        {
            doc.RootElement.GetProperty("websites")[0].GetProperty("name").GetString().Should().Be("My Website");
        }
    }

    [Theory]
    [InlineData("aisupportbot")]
    [InlineData("asyntai")]
    [InlineData("chatsupportai")]
    [InlineData("askia")]
    [InlineData("agentapi")]
    public async Task Eval_of_the_sample_corpus_has_known_outcomes_on_every_provider(string provider)
    {
        var result = await CliRun.RunAsync("--mock", "-p", provider, "eval", CliRun.SampleCorpus, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var summary = doc.RootElement.GetProperty("summary");
        summary.GetProperty("total").GetInt32().Should().Be(13);
        summary.GetProperty("answered").GetInt32().Should().Be(10);
        summary.GetProperty("escalated").GetInt32().Should().Be(3);
        summary.GetProperty("failed").GetInt32().Should().Be(0);
        summary.GetProperty("passed").GetInt32().Should().Be(12);
        summary.GetProperty("passRate").GetDouble().Should().Be(92.31);
        summary.GetProperty("latencyP50Ms").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        var failing = doc.RootElement.GetProperty("results").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean()).ToList();
        failing.Should().ContainSingle().Which.GetProperty("question").GetString().Should().Be("Do you offer a student discount?");
    }

    [Fact]
    public async Task Eval_table_summary_and_failing_min_pass()
    {
        var ok = await CliRun.RunAsync("--mock", "eval", CliRun.SampleCorpus, "--min-pass", "90");
        ok.ExitCode.Should().Be(0, ok.ToString());
        ok.Out.Should().MatchRegex(@"questions\s+│ 13 ").And.MatchRegex(@"answered\s+│ 10 ").And.MatchRegex(@"escalated\s+│ 3 ")
            .And.MatchRegex(@"failed\s+│ 0 ").And.Contain("12/13").And.Contain("92.3%").And.Contain("90% (met)")
            .And.MatchRegex(@"latency p50\s+│ \d+\.\d ms").And.MatchRegex(@"latency p95\s+│ \d+\.\d ms").And.MatchRegex(@"latency p99\s+│ \d+\.\d ms")
            .And.Contain("Do you offer a student discount?").And.Contain("escalated, expected an answer");
        ok.Err.Should().BeEmpty();

        var below = await CliRun.RunAsync("--mock", "eval", CliRun.SampleCorpus, "--min-pass", "95");
        below.ExitCode.Should().Be(1);
        below.Out.Should().Contain("95% (NOT met)");
        below.Err.Should().Be("error: pass rate 92.3% is below --min-pass 95%\n");
    }

    [Fact]
    public async Task Eval_writes_per_question_results()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"cli-eval-{Guid.NewGuid():N}");
        var csv = Path.Combine(dir, "results.csv");
        var result = await CliRun.RunAsync("--mock", "-p", "asyntai", "eval", CliRun.SampleCorpus, "--out", csv, "--concurrency", "8");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain($"Results written to {csv}");
        var rows = SupportBot.Cli.Eval.Csv.Parse(await File.ReadAllTextAsync(csv));
        rows.Should().HaveCount(14);
        rows.Skip(1).Select(r => r[2]).Should().Equal(
            "Answered", "Answered", "Answered", "Answered", "Answered", "Answered", "Answered", "Answered", "Answered", "Answered",
            "Escalated", "Escalated", "Escalated");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Eval_reports_rate_limits_from_the_server_with_exit_4()
    {
        var result = await CliRun.RunAsync("--mock", "-p", "agentapi", "--api-key", "sk_live_rate_limited", "eval", CliRun.SampleCorpus);
        result.ExitCode.Should().Be(4, result.ToString());
        result.Out.Should().MatchRegex(@"failed: RateLimited\s+│ 13 ");
        result.Err.Should().Contain("warning: 13 question(s) failed with RateLimited (rate limit or quota)")
            .And.Contain("error: every question failed; first error: AgentApi Query failed with HTTP 429");
        result.ShouldHaveNoStackTrace();
    }

    [Theory]
    [InlineData(3, "--mock|--api-key|ask_revoked_key|ask|hi", "error: AISupportBot Chat failed with HTTP 401")]
    [InlineData(3, "--mock|-p|agentapi|--api-key|sk_live_revoked|account", "error: AgentApi")]
    [InlineData(4, "--mock|--api-key|ask_quota_exhausted_key|-b|clz_quota_exhausted|ask|hi", "Plan limit reached")]
    [InlineData(4, "--mock|-p|asyntai|--api-key|asyntai_quota_exhausted_key|-b|2|ask|hi", "error: Asyntai Chat failed with HTTP 429")]
    [InlineData(4, "--mock|-p|chatsupportai|--api-key|chatsupport_rate_limited_key|ask|hi", "retry after 60 s")]
    [InlineData(5, "--mock|--api-key|ask_server_error_key|-b|clz_server_error|ask|hi", "error: AISupportBot Chat failed with HTTP 500")]
    [InlineData(5, "--mock|-p|asyntai|-b|99|ask|hi", "HTTP 503")]
    [InlineData(5, "--mock|-p|askia|-b|unknown_bot|bot", "HTTP 404")]
    [InlineData(2, "--mock|-p|askia|websites", "error: AskIA does not support GetWebsites.")]
    [InlineData(2, "--mock|-p|asyntai|-b|not-a-number|ask|hi", "error: ")]
    [InlineData(2, "--mock|ask|   ", "error: ")]
    public async Task Every_exit_code_against_the_mock(int exitCode, string commandLine, string stderr)
    {
        var result = await CliRun.RunAsync(commandLine.Split('|'));
        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.Err.Should().Contain(stderr);
        result.Err.TrimEnd('\n').Should().NotContain("\n");
        result.ShouldHaveNoStackTrace();
    }

    [Fact]
    public async Task Mock_command_hosts_the_server_until_cancelled_and_prints_base_urls()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = new SyncStringWriter();
        var run = CliRun.RunAsync(["mock", "--json"], "", stdout: stdout, cancellationToken: cts.Token);

        var json = await stdout.WaitForAsync(text => text.TrimEnd().EndsWith('}'));
        using var doc = JsonDocument.Parse(json);
        var providers = doc.RootElement.GetProperty("providers").EnumerateArray().ToList();
        providers.Select(p => p.GetProperty("provider").GetString()).Should().Equal("AISupportBot", "Asyntai", "ChatSupportAI", "AskIA", "AgentApi");
        var askia = providers.Single(p => p.GetProperty("provider").GetString() == "AskIA");
        askia.GetProperty("baseAddress").GetString().Should().MatchRegex(@"^http://127\.0\.0\.1:\d+/askia/api/$");

        using (var client = new SupportBotClient(new SupportBotClientOptions
        {
            Provider = SupportBotProvider.AskIA,
            BaseAddress = new Uri(askia.GetProperty("baseAddress").GetString()!),
            DefaultBotId = askia.GetProperty("botId").GetString(),
        }))
        {
            (await client.GetBotAsync()).Name.Should().Be("Customer Support Assistant");
        }

        run.IsCompleted.Should().BeFalse("the server runs until Ctrl+C");
        await cts.CancelAsync();
        (await run).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Mock_command_with_a_seed_file_and_a_table()
    {
        var seed = MockSeed.Demo;
        seed.Bots.Single(b => b.Provider == SupportBotProvider.AskIA && b.Id == "YOUR_BOT_ID").Name = "Seeded From File";
        var seedFile = Path.Combine(Path.GetTempPath(), $"cli-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedFile, seed.ToJson());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = new SyncStringWriter();
        var run = CliRun.RunAsync(["mock", "--seed", seedFile], "", stdout: stdout, cancellationToken: cts.Token);

        var text = await stdout.WaitForAsync(t => t.Contains(MockCommand.ReadyLine, StringComparison.Ordinal));
        text.Should().Contain("SupportBot mock server at http://127.0.0.1:").And.Contain("/asyntai/api/v1/").And.Contain("ask_your_api_key")
            .And.Contain("sk_live_your_key_here");
        var askiaUrl = System.Text.RegularExpressions.Regex.Match(text, @"http://127\.0\.0\.1:\d+/askia/api/").Value;
        using (var client = new SupportBotClient(new SupportBotClientOptions { Provider = SupportBotProvider.AskIA, BaseAddress = new Uri(askiaUrl), DefaultBotId = "YOUR_BOT_ID" }))
        {
            (await client.GetBotAsync()).Name.Should().Be("Seeded From File");
        }

        await cts.CancelAsync();
        var result = await run;
        result.ExitCode.Should().Be(0);
        stdout.ToString().Should().EndWith("Mock server stopped.\n");
        File.Delete(seedFile);
    }
}

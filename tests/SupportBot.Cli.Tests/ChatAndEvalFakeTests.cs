using System.Text.Json;
using SupportBot.Cli.Tests.Infrastructure;
using SupportBot.Client;

namespace SupportBot.Cli.Tests;

public class ChatAndEvalFakeTests
{
    [Fact]
    public async Task Chat_keeps_the_conversation_across_turns_and_new_starts_another()
    {
        var fake = new FakeClient();
        var result = await CliRun.RunAsync(
            ["-p", "aisupportbot", "chat"],
            "first\nsecond\n\n/history\n/new\nthird\n/bogus\n/exit\nnever sent\n",
            fake.Factory);

        result.ExitCode.Should().Be(0, result.ToString());
        var requests = fake.Requests.ToArray();
        requests.Select(r => r.Message).Should().Equal("first", "second", "third");
        requests[0].ConversationId.Should().BeNull();
        requests[1].ConversationId.Should().Be("conv_1");
        requests[2].ConversationId.Should().BeNull("/new starts a new conversation");
        result.Out.Should().Contain("bot> You said: first").And.Contain("bot> You said: second").And.Contain("bot> You said: third");
        result.Out.Should().Contain("conversation conv_1, 4 messages:").And.Contain("  you: second").And.Contain("(new conversation)");
        result.Out.Should().Contain("conversation: conv_2");
        result.Err.Should().Be("warning: unknown command '/bogus'; commands: /new starts a new conversation, /history shows this conversation, /exit quits\n");
    }

    [Fact]
    public async Task Chat_reports_rate_limits_and_continues_but_stops_on_authentication()
    {
        var turn = 0;
        var fake = new FakeClient(onChat: r => ++turn switch
        {
            1 => throw new SupportBotRateLimitException("AskIA Chat failed with HTTP 429 (rate limited)"),
            2 => SupportBotModelFactory.ChatReply("ok now", "conv_a"),
            _ => throw new SupportBotAuthenticationException("AskIA Chat failed with HTTP 401"),
        });

        var result = await CliRun.RunAsync(["-p", "askia", "chat"], "one\ntwo\nthree\nfour\n", fake.Factory);

        result.ExitCode.Should().Be(3);
        fake.Requests.Should().HaveCount(3, "the session stops at the authentication failure");
        result.Out.Should().Contain("bot> ok now");
        result.Err.Should().Be("error: AskIA Chat failed with HTTP 429 (rate limited)\nerror: AskIA Chat failed with HTTP 401\n");
    }

    [Fact]
    public async Task Chat_json_prints_one_document_with_every_turn()
    {
        var fake = new FakeClient();
        var result = await CliRun.RunAsync(["-p", "aisupportbot", "chat", "--json"], "a\nb\n", fake.Factory);
        using var doc = JsonDocument.Parse(result.Out);
        var turns = doc.RootElement.GetProperty("turns");
        turns.GetArrayLength().Should().Be(2);
        turns[1].GetProperty("reply").GetProperty("conversationId").GetString().Should().Be("conv_1");
    }

    private static async Task<string> CorpusAsync(string text, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), $"cli-corpus-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task Eval_reports_rate_limits_and_quota_instead_of_crashing()
    {
        var corpus = await CorpusAsync("question,expected_keywords,expect_escalation\nq1,answer,\nq2,,\nslow,,\nquota,,\nhuman,,true\n");
        var fake = new FakeClient(onChat: r => r.Message switch
        {
            "slow" => throw new SupportBotRateLimitException("AskIA Chat failed with HTTP 429 (rate limited)"),
            "quota" => throw new SupportBotQuotaExceededException("Asyntai Chat failed with HTTP 429 (quota exceeded)"),
            "human" => SupportBotModelFactory.ChatReply("", "c", requiresEscalation: true),
            _ => SupportBotModelFactory.ChatReply("the answer", "c"),
        });

        var result = await CliRun.RunAsync(["-p", "askia", "eval", corpus, "--concurrency", "3"], "", fake.Factory);

        result.ExitCode.Should().Be(0, result.ToString());
        fake.Requests.Should().HaveCount(5);
        result.Out.Should().MatchRegex(@"answered\s+│ 2 ").And.MatchRegex(@"escalated\s+│ 1 ").And.MatchRegex(@"failed\s+│ 2 ")
            .And.MatchRegex(@"failed: QuotaExceeded\s+│ 1 ").And.MatchRegex(@"failed: RateLimited\s+│ 1 ")
            .And.Contain("3/5").And.Contain("60.0%").And.MatchRegex(@"latency p99\s+│ \d+\.\d ms");
        result.Err.Should().Contain("warning: 1 question(s) failed with RateLimited (rate limit or quota), e.g. #3: AskIA Chat failed with HTTP 429")
            .And.Contain("warning: 1 question(s) failed with QuotaExceeded (rate limit or quota), e.g. #4: Asyntai Chat failed with HTTP 429");
        result.ShouldHaveNoStackTrace();

        var below = await CliRun.RunAsync(["-p", "askia", "eval", corpus, "--min-pass", "75"], "", fake.Factory);
        below.ExitCode.Should().Be(1);
        below.Err.Should().Contain("error: pass rate 60.0% is below --min-pass 75%");
    }

    [Fact]
    public async Task Eval_where_every_question_hits_the_quota_exits_4()
    {
        var corpus = await CorpusAsync("question\na\nb\n");
        var fake = new FakeClient(onChat: _ => throw new SupportBotQuotaExceededException("quota gone"));
        var result = await CliRun.RunAsync(["-p", "asyntai", "eval", corpus], "", fake.Factory);
        result.ExitCode.Should().Be(4, result.ToString());
        result.Err.Should().Contain("error: every question failed; first error: quota gone");
    }

    [Fact]
    public async Task Eval_stops_at_an_authentication_failure_with_exit_3()
    {
        var corpus = await CorpusAsync(string.Join('\n', ["question", .. Enumerable.Range(1, 50).Select(i => $"q{i}")]));
        var fake = new FakeClient(onChat: _ => throw new SupportBotAuthenticationException("AISupportBot Chat failed with HTTP 401 (unauthorized)"));
        var result = await CliRun.RunAsync(["-p", "aisupportbot", "eval", corpus, "--concurrency", "2"], "", fake.Factory);
        result.ExitCode.Should().Be(3);
        result.Err.Should().Be("error: AISupportBot Chat failed with HTTP 401 (unauthorized)\n");
        fake.Requests.Count.Should().BeLessThan(50);
    }

    [Fact]
    public async Task Eval_bounds_concurrency()
    {
        var corpus = await CorpusAsync(string.Join('\n', ["question", .. Enumerable.Range(1, 24).Select(i => $"q{i}")]));
        var inFlight = 0;
        var peak = 0;
        var fake = new SlowClient(async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(15);
            Interlocked.Decrement(ref inFlight);
        });
        var result = await CliRun.RunAsync(["-p", "aisupportbot", "eval", corpus, "--concurrency", "3"], "", _ => fake);
        result.ExitCode.Should().Be(0, result.ToString());
        peak.Should().BeInRange(1, 3);
    }

    [Fact]
    public async Task Eval_writes_results_as_csv_and_json_and_prints_json_summary()
    {
        var corpus = await CorpusAsync("{\"question\":\"ok\",\"expectedKeywords\":[\"answer\"]}\n{\"question\":\"gap\",\"expectedKeywords\":[\"missing\"]}\n", ".jsonl");
        var fake = new FakeClient(onChat: r => SupportBotModelFactory.ChatReply("the answer, with \"quotes\"", "c_" + r.Message));
        var csv = Path.Combine(Path.GetTempPath(), $"cli-out-{Guid.NewGuid():N}", "results.csv");
        var json = Path.ChangeExtension(csv, ".json");

        var result = await CliRun.RunAsync(["-p", "aisupportbot", "eval", corpus, "--out", csv, "--json"], "", fake.Factory);
        result.ExitCode.Should().Be(0, result.ToString());
        using (var doc = JsonDocument.Parse(result.Out))
        {
            var summary = doc.RootElement.GetProperty("summary");
            summary.GetProperty("total").GetInt32().Should().Be(2);
            summary.GetProperty("passed").GetInt32().Should().Be(1);
            summary.GetProperty("passRate").GetDouble().Should().Be(50);
            summary.TryGetProperty("latencyP50Ms", out _).Should().BeTrue();
            doc.RootElement.GetProperty("results")[1].GetProperty("missingKeywords")[0].GetString().Should().Be("missing");
        }

        var rows = SupportBot.Cli.Eval.Csv.Parse(await File.ReadAllTextAsync(csv));
        rows[0].Should().Equal(SupportBot.Cli.Eval.EvalReport.CsvColumns);
        rows.Should().HaveCount(3);
        rows[1][1].Should().Be("ok");
        rows[1][3].Should().Be("true");
        rows[2][3].Should().Be("false");
        rows[2][9].Should().Be("missing");
        rows[1][10].Should().Be("the answer, with \"quotes\"");

        (await CliRun.RunAsync(["-p", "aisupportbot", "eval", corpus, "--out", json], "", fake.Factory)).ExitCode.Should().Be(0);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        file.RootElement.GetProperty("results").GetArrayLength().Should().Be(2);

        var badOut = await CliRun.RunAsync(["-p", "aisupportbot", "eval", corpus, "--out", "results.txt"], "", fake.Factory);
        badOut.ExitCode.Should().Be(2);
        fake.Requests.Should().HaveCount(4, "a bad --out is rejected before any question is sent");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SlowClient(Func<Task> work) : SupportBotClient
    {
        public override SupportBotProvider Provider => SupportBotProvider.AISupportBot;

        public override async Task<ChatReply> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            await work();
            return SupportBotModelFactory.ChatReply("fine");
        }
    }
}

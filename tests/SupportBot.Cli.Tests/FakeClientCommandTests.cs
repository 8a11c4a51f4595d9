using System.Text.Json;
using SupportBot.Cli.Tests.Infrastructure;
using SupportBot.Client;

namespace SupportBot.Cli.Tests;

/// <summary>Commands against a fake client: parsing, rendering, JSON, exit codes — no server.</summary>
public class FakeClientCommandTests
{
    [Fact]
    public async Task Ask_prints_the_answer_sources_confidence_and_conversation()
    {
        var fake = new FakeClient(SupportBotProvider.AgentApi, r => SupportBotModelFactory.ChatReply(
            "Open Settings, then Billing.", "conv_42", SupportBotProvider.AgentApi, confidence: 0.87,
            sources: [SupportBotModelFactory.SourceReference("doc_1", "Billing")]));

        var result = await CliRun.RunAsync(["--provider", "AGENTAPI", "--api-key", "sk_x", "--base-url", "https://agent.example/api", "ask", "How do I pay?"], "", fake.Factory);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be(
            "Open Settings, then Billing.\n" +
            "source: Billing (doc_1)\n" +
            "confidence: 0.87\n" +
            "conversation: conv_42\n");
        result.Err.Should().BeEmpty();
        fake.Requests.Should().ContainSingle().Which.Message.Should().Be("How do I pay?");
        fake.Options!.Provider.Should().Be(SupportBotProvider.AgentApi);
        fake.Options.ApiKey.Should().Be("sk_x");
        fake.Options.BaseAddress.Should().Be(new Uri("https://agent.example/api/"));
    }

    [Fact]
    public async Task Ask_continues_a_conversation_when_given_its_id()
    {
        var fake = new FakeClient();
        var result = await CliRun.RunAsync(["-p", "asyntai", "ask", "and then?", "--conversation", "user_123"], "", fake.Factory);
        result.ExitCode.Should().Be(0);
        fake.Requests.Should().ContainSingle().Which.ConversationId.Should().Be("user_123");
        result.Out.Should().EndWith("conversation: user_123\n");
    }

    [Fact]
    public async Task Ask_never_shows_escalated_text_as_an_answer()
    {
        var fake = new FakeClient(onChat: _ => SupportBotModelFactory.ChatReply("low-confidence guess", requiresEscalation: true));
        var result = await CliRun.RunAsync(["-p", "aisupportbot", "ask", "Weather?"], "", fake.Factory);
        result.ExitCode.Should().Be(0);
        result.Out.Should().Contain("[escalation]").And.NotContain("low-confidence guess");
    }

    [Fact]
    public async Task Ask_json_is_one_document()
    {
        var fake = new FakeClient(onChat: _ => SupportBotModelFactory.ChatReply("It's 9–5 EST.", "conv_1", usage: SupportBotModelFactory.TokenUsage(3, 4)));
        var result = await CliRun.RunAsync(["ask", "hours?", "--json", "-p", "aisupportbot"], "", fake.Factory);

        result.ExitCode.Should().Be(0);
        using var doc = JsonDocument.Parse(result.Out);
        doc.RootElement.GetProperty("text").GetString().Should().Be("It's 9–5 EST.");
        doc.RootElement.GetProperty("conversationId").GetString().Should().Be("conv_1");
        doc.RootElement.GetProperty("requiresEscalation").GetBoolean().Should().BeFalse();
        doc.RootElement.GetProperty("usage").GetProperty("totalTokens").GetInt32().Should().Be(7);
        doc.RootElement.GetProperty("provider").GetString().Should().Be("AISupportBot");
        result.Out.Should().Contain("It's 9–5 EST.", "output escaping keeps text readable");
    }

    [Fact]
    public async Task Api_key_provider_base_url_and_bot_id_fall_back_to_the_environment()
    {
        var fake = new FakeClient(SupportBotProvider.Asyntai);
        var env = new Dictionary<string, string?>
        {
            ["SUPPORTBOT_API_KEY"] = "env_key",
            ["SUPPORTBOT_PROVIDER"] = "asyntai",
            ["SUPPORTBOT_BOT_ID"] = "3",
            ["SUPPORTBOT_BASE_URL"] = "https://proxy.example/asyntai/",
        };
        var result = await CliRun.RunAsync(["ask", "hi"], "", fake.Factory, env);
        result.ExitCode.Should().Be(0, result.ToString());
        fake.Options.Should().BeEquivalentTo(new { Provider = SupportBotProvider.Asyntai, ApiKey = "env_key", DefaultBotId = "3", BaseAddress = new Uri("https://proxy.example/asyntai/") });

        var explicitKey = await CliRun.RunAsync(["ask", "hi", "--api-key", "flag_key"], "", fake.Factory, env);
        explicitKey.ExitCode.Should().Be(0);
        fake.Options!.ApiKey.Should().Be("flag_key", "an option beats the environment");
    }

    public static TheoryData<Exception, int> Failures => new()
    {
        { new SupportBotValidationException("AISupportBot: BotId is required.", "BotId"), 2 },
        { new SupportBotAuthenticationException("Asyntai Chat failed with HTTP 401 (unauthorized): Invalid or missing API key") { Provider = SupportBotProvider.Asyntai, StatusCode = 401 }, 3 },
        { new SupportBotQuotaExceededException("AISupportBot Chat failed with HTTP 429 (quota exceeded): Plan limit reached") { StatusCode = 429 }, 4 },
        { new SupportBotRateLimitException("AskIA Chat failed with HTTP 429 (rate limited)") { RetryAfter = TimeSpan.FromSeconds(60) }, 4 },
        { new SupportBotException("AgentApi Chat failed with HTTP 500 (server error)\nline two", SupportBotErrorCode.ServerError), 5 },
        { new HttpRequestException("Connection refused"), 5 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failures_are_one_line_on_stderr_with_the_exit_code(Exception failure, int exitCode)
    {
        var fake = new FakeClient(onChat: _ => throw failure);
        var result = await CliRun.RunAsync(["-p", "aisupportbot", "ask", "hi"], "", fake.Factory);

        result.ExitCode.Should().Be(exitCode);
        result.Out.Should().BeEmpty();
        result.Err.Should().StartWith("error: ").And.EndWith("\n");
        result.Err.TrimEnd('\n').Should().NotContain("\n");
        result.ShouldHaveNoStackTrace();
    }

    [Fact]
    public async Task Failures_with_json_also_print_an_error_document()
    {
        var fake = new FakeClient(onChat: _ => throw new SupportBotRateLimitException("AskIA Chat failed with HTTP 429") { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(5), Provider = SupportBotProvider.AskIA });
        var result = await CliRun.RunAsync(["-p", "askia", "ask", "hi", "--json"], "", fake.Factory);

        result.ExitCode.Should().Be(4);
        using var doc = JsonDocument.Parse(result.Out);
        var error = doc.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("RateLimited");
        error.GetProperty("exitCode").GetInt32().Should().Be(4);
        error.GetProperty("statusCode").GetInt32().Should().Be(429);
        error.GetProperty("retryAfterSeconds").GetDouble().Should().Be(5);
        error.GetProperty("provider").GetString().Should().Be("AskIA");
    }

    [Theory]
    [InlineData("ask")]  // missing argument
    [InlineData("frobnicate")]  // unknown command
    [InlineData("")]  // no command
    [InlineData("--provider|nope|ask|hi")]  // unknown provider
    [InlineData("ask|hi")]  // no provider, no --mock
    [InlineData("-p|asyntai|--base-url|not a url|ask|hi")]
    [InlineData("-p|asyntai|eval|missing.csv")]
    [InlineData("-p|asyntai|eval|x.csv|--concurrency|0")]
    [InlineData("-p|asyntai|eval|x.csv|--min-pass|150")]
    [InlineData("-p|asyntai|conversation|c1|--limit|lots")]
    [InlineData("mock|--port|70000")]
    [InlineData("mock|--seed|no-such-seed.json")]
    public async Task Usage_errors_exit_2(string commandLine)
    {
        var args = commandLine.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var result = await CliRun.RunAsync(args, "", new FakeClient().Factory);
        result.ExitCode.Should().Be(2, result.ToString());
        result.Err.Should().StartWith("error: ");
        result.ShouldHaveNoStackTrace();
    }

    [Fact]
    public async Task Unsupported_operation_exits_2_with_the_sdk_message()
    {
        var fake = new NotSupportingClient();
        var result = await CliRun.RunAsync(["-p", "askia", "websites"], "", _ => fake);
        result.ExitCode.Should().Be(2);
        result.Err.Should().Be("error: AskIA does not support GetWebsites.\n");
    }

    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes()
    {
        var result = await CliRun.RunAsync("--help");
        result.ExitCode.Should().Be(0);
        foreach (var command in new[] { "chat", "ask", "bot", "branding", "websites", "conversation", "account", "capabilities", "eval", "mock" })
        {
            result.Out.Should().Contain($"  {command}");
        }

        result.Out.Should().Contain("--mock").And.Contain("defaults to aisupportbot").And.Contain("SUPPORTBOT_API_KEY")
            .And.Contain("3 authentication");
    }

    [Fact]
    public async Task Reads_render_tables()
    {
        var fake = new FakeClient(SupportBotProvider.Asyntai);
        (await CliRun.RunAsync(["-p", "asyntai", "websites"], "", fake.Factory)).Out.Should().Contain("Fake Site").And.Contain("fake.example").And.Contain("yes");
        (await CliRun.RunAsync(["-p", "asyntai", "account"], "", fake.Factory)).Out.Should().Contain("me@example.com").And.Contain("messages remaining").And.Contain("90");
        (await CliRun.RunAsync(["-p", "asyntai", "bot"], "", fake.Factory)).Out.Should().Contain("Fake Bot");
        (await CliRun.RunAsync(["-p", "asyntai", "branding"], "", fake.Factory)).Out.Should().Contain("#123456");
        (await CliRun.RunAsync(["-p", "asyntai", "conversation", "user_9", "--limit", "5"], "", fake.Factory)).Out
            .Should().Contain("user_9").And.Contain("hi there").And.Contain("assistant");
    }

    [Fact]
    public async Task Reads_as_json()
    {
        var fake = new FakeClient(SupportBotProvider.Asyntai);
        using (var doc = JsonDocument.Parse((await CliRun.RunAsync(["-p", "asyntai", "websites", "--json"], "", fake.Factory)).Out))
        {
            doc.RootElement.GetProperty("websites")[0].GetProperty("id").GetString().Should().Be("7");
        }

        using (var doc = JsonDocument.Parse((await CliRun.RunAsync(["-p", "asyntai", "account", "--json"], "", fake.Factory)).Out))
        {
            doc.RootElement.GetProperty("messagesRemaining").GetInt64().Should().Be(90);
        }

        using (var doc = JsonDocument.Parse((await CliRun.RunAsync(["-p", "asyntai", "conversation", "c1", "--json"], "", fake.Factory)).Out))
        {
            doc.RootElement.GetProperty("messages").GetArrayLength().Should().Be(2);
            doc.RootElement.GetProperty("messages")[1].GetProperty("role").GetString().Should().Be("assistant");
        }
    }

    [Fact]
    public async Task Capabilities_matrix_as_table_and_json()
    {
        var table = await CliRun.RunAsync("capabilities");
        table.ExitCode.Should().Be(0);
        table.Out.Should().Contain("AISupportBot").And.Contain("AgentApi").And.Contain("GetWebsites");

        var json = await CliRun.RunAsync("capabilities", "--json");
        using var doc = JsonDocument.Parse(json.Out);
        var providers = doc.RootElement.GetProperty("providers");
        providers.GetArrayLength().Should().Be(5);
        var asyntai = providers.EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "Asyntai");
        asyntai.GetProperty("operations").GetProperty("GetWebsites").GetBoolean().Should().BeTrue();
        asyntai.GetProperty("operations").GetProperty("GetBot").GetBoolean().Should().BeFalse();

        var one = await CliRun.RunAsync("capabilities", "-p", "askia", "--json");
        using var oneDoc = JsonDocument.Parse(one.Out);
        oneDoc.RootElement.GetProperty("providers").GetArrayLength().Should().Be(1);
    }

    private sealed class NotSupportingClient : SupportBotClient
    {
        public override SupportBotProvider Provider => SupportBotProvider.AskIA;

        public override Task<IReadOnlyList<Website>> GetWebsitesAsync(CancellationToken cancellationToken = default) =>
            throw new SupportBotNotSupportedException(SupportBotProvider.AskIA, "GetWebsites");
    }
}

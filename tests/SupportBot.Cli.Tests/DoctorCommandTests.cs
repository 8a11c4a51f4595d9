using System.Text.Json;
using SupportBot.Cli.Tests.Infrastructure;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Cli.Tests;

/// <summary><c>supportbot doctor</c> against the embedded and a test-started reference mock server.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Mock_diagnoses_all_five_providers_and_exits_0()
    {
        var result = await CliRun.RunAsync("--mock", "doctor", "--drift", "--chat");

        result.ExitCode.Should().Be(0, result.ToString());
        foreach (var name in new[] { "aisupportbot", "asyntai", "chatsupportai", "askia", "agentapi" })
        {
            result.Out.Should().Contain(name + " · ");
        }

        result.Out.Should().Contain("contract GET account/").And.Contain("5 provider(s): 5 ok");
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public async Task Json_is_one_document_with_checks_calls_and_quota()
    {
        var result = await CliRun.RunAsync("--mock", "--provider", "asyntai", "doctor", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        doc.RootElement.GetProperty("status").GetString().Should().Be("ok");
        doc.RootElement.GetProperty("exitCode").GetInt32().Should().Be(0);
        var provider = doc.RootElement.GetProperty("providers").EnumerateArray().Single();
        provider.GetProperty("provider").GetString().Should().Be("Asyntai");
        provider.GetProperty("quota").GetProperty("used").GetInt64().Should().Be(150);
        provider.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .Should().StartWith(["options", "dns", "connect", "tls", "key", "bot", "quota"]);
        provider.GetProperty("calls").EnumerateArray().Should().Contain(c => c.GetProperty("endpoint").GetString() == "GET account/");
    }

    [Fact]
    public async Task A_failed_check_exits_6_not_a_usage_or_auth_code()
    {
        var result = await CliRun.RunAsync("--mock", "--provider", "agentapi", "--api-key", "sk_live_revoked", "doctor");

        result.ExitCode.Should().Be(6, result.ToString());
        result.Out.Should().Contain("key rejected (HTTP 401)").And.Contain("FAIL");
    }

    [Fact]
    public async Task Warnings_exit_0_and_1_with_strict()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["SUPPORTBOT_AGENTAPI_API_KEY"] = "sk_live_quota_warning",
            ["SUPPORTBOT_AGENTAPI_BASE_URL"] = server.BaseAddressFor(SupportBotProvider.AgentApi).ToString(),
        };

        var relaxed = await CliRun.RunAsync(["doctor"], "", env: env);
        var strict = await CliRun.RunAsync(["doctor", "--strict"], "", env: env);

        relaxed.ExitCode.Should().Be(0, relaxed.ToString());
        relaxed.Out.Should().Contain("WARN").And.Contain("--strict makes warnings exit 1");
        strict.ExitCode.Should().Be(1, strict.ToString());
    }

    [Fact]
    public async Task Config_file_lists_providers_and_reads_keys_from_the_environment()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"doctor-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""
            {
              // comments are allowed
              "providers": [
                { "name": "website", "provider": "asyntai", "apiKeyVariable": "ASYNTAI_TEST_KEY", "baseUrl": "{{server.BaseAddressFor(SupportBotProvider.Asyntai)}}", "botId": "1" },
                { "name": "widget", "provider": "askia", "baseUrl": "{{server.BaseAddressFor(SupportBotProvider.AskIA)}}", "botId": "unknown_bot" },
              ]
            }
            """);
        try
        {
            var result = await CliRun.RunAsync(["doctor", "--config", path, "--json"], "", env: new Dictionary<string, string?> { ["ASYNTAI_TEST_KEY"] = "YOUR_API_KEY" });

            result.ExitCode.Should().Be(6, result.ToString());
            using var doc = JsonDocument.Parse(result.Out);
            var providers = doc.RootElement.GetProperty("providers").EnumerateArray().ToList();
            providers.Select(p => p.GetProperty("name").GetString()).Should().Equal("website", "widget");
            providers[0].GetProperty("status").GetString().Should().Be("ok");
            providers[1].GetProperty("status").GetString().Should().Be("fail");
            result.Out.Should().NotContain("YOUR_API_KEY");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Config_naming_an_unset_variable_is_a_usage_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"doctor-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"providers":[{"provider":"asyntai","apiKeyVariable":"NOT_SET_ANYWHERE"}]}""");
        try
        {
            var result = await CliRun.RunAsync("doctor", "--config", path);

            result.ExitCode.Should().Be(2);
            result.Err.Should().Contain("NOT_SET_ANYWHERE");
            result.ShouldHaveNoStackTrace();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Nothing_configured_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("doctor");

        result.ExitCode.Should().Be(2);
        result.Err.Should().Contain("nothing to diagnose");
        result.ShouldHaveNoStackTrace();
    }
}

using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Aspire.Tests;

/// <summary>
/// The sample AppHost with a "real" provider (AddSupportBotProvider, key as a secret parameter) — here a mock server the test
/// runs itself, so the AppHost knows nothing but the parameters.
/// </summary>
[Trait("Category", "Aspire")]
public sealed class ProviderAppHostTests
{
    [Fact]
    public async Task A_secret_parameter_key_reaches_the_service_but_no_environment_listing_or_log()
    {
        await using var provider = await SupportBotMockServer.StartAsync();
        var options = provider.CreateOptions(SupportBotProvider.AgentApi);
        var key = options.ApiKey!;

        string keyFile;
        await using (var run = await AppHostRun.StartAsync(
            [
                $"--Parameters:supportbot-key={key}",
                $"--Parameters:supportbot-endpoint={options.BaseAddress}",
                "--SupportBot:Provider=AgentApi",
                "--WebChat:Replicas=1",
            ],
            "supportbot", "redis", "webchat-1"))
        {
            using var http = run.App.CreateHttpClient("webchat-1", "http");
            using var response = await http.PostAsJsonAsync("api/chat", new ChatBody("How do I reset my password?", null));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadFromJsonAsync<ChatAnswer>())!.Text.Should().Contain("reset");
            provider.Journal.Should().Contain(r => r.Path.EndsWith("/v1/query", StringComparison.Ordinal) && r.StatusCode == 200, "the key was accepted");

            var web = run.Snapshots.Values.Single(e => e.Resource is ProjectResource && e.Snapshot.EnvironmentVariables.Length > 0);
            var connection = web.Snapshot.EnvironmentVariables.Single(v => v.Name == "ConnectionStrings__supportbot").Value!;
            connection.Should().StartWith($"Endpoint={options.BaseAddress};Provider=AgentApi;ApiKeyFile=");
            keyFile = SupportBot.Aspire.Client.SupportBotConnectionString.Parse(connection).ApiKeyFile!;
            File.Exists(keyFile).Should().BeTrue();

            run.AllEnvironmentVariables().Should().NotContain(v => v.Value != null && v.Value.Contains(key, StringComparison.Ordinal));
            run.AllLogLines().Should().NotBeEmpty().And.NotContain(line => line.Contains(key, StringComparison.Ordinal));
        }

        File.Exists(keyFile).Should().BeFalse("the key file is deleted when the AppHost stops");
    }

    [Fact]
    public async Task A_malformed_connection_string_stops_the_service_with_the_part_that_is_wrong()
    {
        await using var run = await AppHostRun.StartAsync(
            [
                "--Parameters:supportbot-key=sk_live_never_used",
                "--Parameters:supportbot-endpoint=support.example.com/api",
                "--WebChat:Replicas=1",
            ],
            "supportbot", "redis");

        using var timeout = new CancellationTokenSource(AppHostRun.StartTimeout);
        await run.App.ResourceNotifications.WaitForResourceAsync("webchat-1", [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart], timeout.Token);
        var expected = "The SupportBot connection string 'supportbot' is malformed: Endpoint 'support.example.com/api' is not an absolute http or https address.";
        // The exit may be published before the process's last lines are read; they follow (bounded: 100 x 100 ms).
        for (var i = 0; i < 100 && !run.AllLogLines().Any(l => l.Contains(expected, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, timeout.Token);
        }

        run.AllLogLines().Should().Contain(l => l.Contains(expected, StringComparison.Ordinal), "the service's log says which part is wrong");
    }
}

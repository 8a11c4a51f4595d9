using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Aspire.Client;
using SupportBot.Client;
using SupportBot.MockServer;


namespace SupportBot.Aspire.Tests;

/// <summary>The sample AppHost as it ships: the mock server, redis-server and two web chat replicas.</summary>
[Trait("Category", "Aspire")]
public sealed class SampleAppHostTests : IAsyncLifetime
{
    private AppHostRun _run = null!;

    public async Task InitializeAsync() => _run = await AppHostRun.StartAsync([], "supportbot", "redis", "webchat-1", "webchat-2");

    public async Task DisposeAsync() => await _run.DisposeAsync();

    private SupportBotMockServerResource Mock =>
        _run.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<SupportBotMockServerResource>().Single();

    [Fact]
    public async Task Every_resource_is_healthy_and_a_replica_answers_through_the_mock_server()
    {
        var server = Mock.Server;
        server.Should().NotBeNull();
        Mock.Provider.Should().Be(SupportBotProvider.AISupportBot);

        using var http = _run.App.CreateHttpClient("webchat-1", "http");
        using var response = await http.PostAsJsonAsync("api/chat", new ChatBody("How do I reset my password?", null));
        var body = await response.Content.ReadFromJsonAsync<ChatAnswer>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!.Text.Should().Contain("reset");
        server!.Journal.Should().Contain(r => r.Provider == SupportBotProvider.AISupportBot && r.Path.EndsWith("/chat", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task The_mock_servers_key_is_in_no_environment_listing_and_no_log()
    {
        var key = Mock.Server!.CreateOptions(SupportBotProvider.AISupportBot).ApiKey!;
        key.Should().NotBeNullOrEmpty();

        // A chat, so the replicas have used the key at least once before the logs are read.
        using var http = _run.App.CreateHttpClient("webchat-2", "http");
        (await http.PostAsJsonAsync("api/chat", new ChatBody("How do I reset my password?", null))).EnsureSuccessStatusCode();

        var webEnvironments = _run.Snapshots.Values.Where(e => e.Resource is ProjectResource && e.Snapshot.EnvironmentVariables.Length > 0).ToList();
        webEnvironments.Select(e => e.Resource.Name).Should().BeEquivalentTo(["webchat-1", "webchat-2"], "two replicas ran");
        foreach (var e in webEnvironments)
        {
            var connection = e.Snapshot.EnvironmentVariables.Should().ContainSingle(v => v.Name == "ConnectionStrings__supportbot").Subject.Value!;
            var parsed = SupportBotConnectionString.Parse(connection);
            parsed.ApiKey.Should().BeNull();
            File.ReadAllText(parsed.ApiKeyFile!).Should().Be(key, "the key reaches the service through the file");
        }

        _run.AllEnvironmentVariables().Should().NotContain(v => v.Value != null && v.Value.Contains(key, StringComparison.Ordinal));
        _run.AllLogLines().Should().NotBeEmpty().And.NotContain(line => line.Contains(key, StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_conversation_started_on_one_replica_continues_on_the_other_through_redis()
    {
        using var first = _run.App.CreateHttpClient("webchat-1", "http");
        using var second = _run.App.CreateHttpClient("webchat-2", "http");
        const string Opening = "How do I reset my password?";

        using var r1 = await first.PostAsJsonAsync("api/chat", new ChatBody(Opening, null));
        r1.StatusCode.Should().Be(HttpStatusCode.OK);
        var turn1 = (await r1.Content.ReadFromJsonAsync<ChatAnswer>())!;
        var before = Mock.Server!.Journal.TotalRecorded;

        using var r2 = await second.PostAsJsonAsync("api/chat", new ChatBody("And if I no longer have access to my email?", turn1.ConversationId));
        r2.StatusCode.Should().Be(HttpStatusCode.OK);
        var turn2 = (await r2.Content.ReadFromJsonAsync<ChatAnswer>())!;

        turn2.ConversationId.Should().Be(turn1.ConversationId);
        // AISupportBot is stateless: the second replica can only send the first turn as history if it read it from the store
        // the first replica wrote, i.e. redis-server. Its request carries the opening question and the first answer.
        var request = Mock.Server.Journal.Where(r => r.Sequence > before && r.Provider == SupportBotProvider.AISupportBot).Should().ContainSingle().Subject;
        using var json = System.Text.Json.JsonDocument.Parse(request.Body);
        var history = json.RootElement.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        history.Should().Equal(Opening, turn1.Text);
    }
}

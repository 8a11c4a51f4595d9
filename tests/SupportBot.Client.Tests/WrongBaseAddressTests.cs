using System.Net;
using SupportBot.Client.Tests.Infrastructure;

namespace SupportBot.Client.Tests;

/// <summary>A 404 from a wrong base path names the URL it went to and points at BaseAddress; a documented not-found does not.</summary>
public sealed class WrongBaseAddressTests
{
    [Fact]
    public async Task A_route_miss_404_names_the_request_url_without_the_query_and_suggests_BaseAddress()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AgentApi, o => o.BaseAddress = new Uri("https://support.example.com/agentapi/v1/"));
        handler.Respond(HttpStatusCode.NotFound, """{"error":"Not found","details":"No such endpoint.","code":"not_found"}""");

        var act = () => client.ChatAsync(new ChatRequest("hi"));

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.ErrorCode.Should().Be(SupportBotErrorCode.NotFound);
        ex.RequestUri.Should().Be(new Uri("https://support.example.com/agentapi/v1/v1/query"));
        ex.Message.Should().Be(
            "AgentApi Query failed with HTTP 404 (not found): Not found — No such endpoint. The request went to "
            + "https://support.example.com/agentapi/v1/v1/query: if that is not the provider's endpoint, check BaseAddress (its path included).");
    }

    [Fact]
    public async Task The_request_url_drops_the_query_so_no_secret_in_it_reaches_the_exception()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.Asyntai);
        handler.Respond(HttpStatusCode.NotFound, "<html>Not Found</html>", "text/html");

        var act = () => client.GetConversationAsync("session-secret-42");

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.RequestUri!.Query.Should().BeEmpty();
        ex.RequestUri.ToString().Should().NotContain("session-secret-42");
        ex.Message.Should().NotContain("session-secret-42").And.Contain("check BaseAddress");
    }

    [Fact]
    public async Task A_documented_not_found_keeps_its_message_and_still_carries_the_url()
    {
        var (client, handler) = TestClients.Create(SupportBotProvider.AskIA);
        handler.Respond(HttpStatusCode.NotFound, """{"error":"Bot not found"}""");

        var act = () => client.ChatAsync(new ChatRequest("hi") { BotId = "bot_123" });

        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;
        ex.Message.Should().Be("AskIA Chat failed with HTTP 404 (not found): Bot not found");
        ex.RequestUri.Should().NotBeNull();
    }
}

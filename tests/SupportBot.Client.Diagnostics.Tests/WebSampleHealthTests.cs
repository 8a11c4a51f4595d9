using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Client;
using SupportBot.MockServer;
using SupportBot.Samples.WebChat;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary>The web chat sample's <c>/health</c> endpoint, against its embedded mock server.</summary>
public sealed class WebSampleHealthTests
{
    [Fact]
    public async Task Health_endpoint_reports_the_cached_diagnosis_without_the_key()
    {
        var app = await WebChatApp.CreateAppAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await using (app)
        {
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = WebChatApp.GetBaseAddress(app) };

            using var healthy = await http.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await healthy.Content.ReadAsStringAsync();

            healthy.StatusCode.Should().Be(HttpStatusCode.OK, body);
            using var doc = JsonDocument.Parse(body);
            doc.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
            var check = doc.RootElement.GetProperty("checks").GetProperty("supportbot");
            check.GetProperty("data").GetProperty("key").GetString().Should().Be("ok: accepted (GET v1/usage)");
            check.GetProperty("data").GetProperty("contract GET v1/usage").GetString().Should().StartWith("ok:");
            body.Should().NotContain(app.Services.GetRequiredService<SupportBotMockServer>().CreateOptions(SupportBotProvider.AgentApi).ApiKey!);

            await app.StopAsync();
        }
    }
}

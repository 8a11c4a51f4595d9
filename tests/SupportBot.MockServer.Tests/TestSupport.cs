using System.Net.Http.Headers;
using System.Text;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

internal static class Mock
{
    /// <summary>Microsoft's fake clock, starting where the seeded data lives (after it, in March 2025).</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero));

    public static Task<SupportBotMockServer> StartAsync(FakeTimeProvider? time = null, MockSeed? seed = null) =>
        SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { TimeProvider = time ?? Clock(), Seed = seed });

    public static void NoRetries(SupportBotClientOptions o) => o.Retry = new SupportBotRetryOptions { MaxRetries = 0, UseCircuitBreaker = false };

    /// <summary>A raw HTTP call, for what the SDK refuses to send (it validates first).</summary>
    public static async Task<(int Status, string Body, HttpResponseHeaders Headers)> RawAsync(
        this SupportBotMockServer server, SupportBotProvider provider, HttpMethod method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(server.BaseAddressFor(provider), path));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }
}

using System.Net.Http.Headers;
using System.Text;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

/// <summary>A manual clock (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}

internal static class Mock
{
    public static Task<SupportBotMockServer> StartAsync(FakeTimeProvider? time = null, MockSeed? seed = null) =>
        SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { TimeProvider = time ?? new FakeTimeProvider(), Seed = seed });

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

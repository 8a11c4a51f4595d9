using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.MockServer;
using SupportBot.Samples.WebChat;

namespace SupportBot.Samples.Tests;

/// <summary>The web chat sample started in-process on a free loopback port, against its embedded mock server.</summary>
public sealed class WebChatHost : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public SupportBotMockServer Mock => _app!.Services.GetRequiredService<SupportBotMockServer>();

    /// <summary>The API key the proxy uses (the mock's demo key): it must never reach a response.</summary>
    public string ApiKey { get; private set; } = null!;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _app = await WebChatApp.CreateAppAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        BaseAddress = WebChatApp.GetBaseAddress(_app);
        ApiKey = Mock.CreateOptions(SupportBot.Client.SupportBotProvider.AgentApi).ApiKey!;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

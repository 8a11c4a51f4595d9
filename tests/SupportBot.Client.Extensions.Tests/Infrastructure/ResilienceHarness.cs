using Microsoft.Extensions.DependencyInjection;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Extensions.Tests.Infrastructure;

/// <summary>
/// The SDK's resilience strategies over a <see cref="StubHandler"/>, on fake time, with the SDK's own client or raw requests —
/// hosted either by <see cref="SupportBotResilienceHandler"/> (what <c>new SupportBotClient(options)</c> uses) or, with
/// <c>viaDependencyInjection</c>, by Microsoft.Extensions.Http.Resilience through <c>AddSupportBotClient</c>.
/// </summary>
public sealed class ResilienceHarness : IDisposable
{
    public const string AgentKey = "sk_test_0123456789abcdef";

    private readonly ServiceProvider? _services;

    public ResilienceHarness(Action<SupportBotResilienceOptions>? configure = null, SupportBotProvider provider = SupportBotProvider.AgentApi, bool viaDependencyInjection = false)
    {
        Time = new DrivenTimeProvider();
        Stub = new StubHandler(Time);
        Provider = provider;
        Options = new SupportBotResilienceOptions
        {
            TimeProvider = Time,
            Retry = new SupportBotRetryOptions { UseJitter = false },
        };
        configure?.Invoke(Options);
        if (!viaDependencyInjection)
        {
            Http = new HttpClient(new SupportBotResilienceHandler(Options) { InnerHandler = Stub }) { Timeout = Timeout.InfiniteTimeSpan };
            return;
        }

        var services = new ServiceCollection();
        services.AddSupportBotClient("harness", o =>
            {
                o.Provider = SupportBotProvider.AgentApi;
                o.ApiKey = AgentKey;
                o.BaseAddress = new Uri("https://agent.example/");
            })
            .ConfigurePrimaryHttpMessageHandler(() => Stub)
            .ConfigureSupportBotResilience(r =>
            {
                r.TotalTimeout = Options.TotalTimeout;
                r.AttemptTimeout = Options.AttemptTimeout;
                r.Retry = Options.Retry;
                r.CircuitBreaker = Options.CircuitBreaker;
                r.ClientRateLimit = Options.ClientRateLimit;
                r.RateLimiter = Options.RateLimiter;
                r.TimeProvider = Time;
            });
        _services = services.BuildServiceProvider();
        Http = _services.GetRequiredService<IHttpClientFactory>().CreateClient("harness");
    }

    public DrivenTimeProvider Time { get; }

    public StubHandler Stub { get; }

    public SupportBotProvider Provider { get; }

    public SupportBotResilienceOptions Options { get; }

    public HttpClient Http { get; }

    /// <summary>Sends a raw request tagged like the SDK's transport tags it, driving the fake clock.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path = "v1/test", CancellationToken cancellationToken = default) =>
        Time.RunAsync(() =>
        {
            var request = new HttpRequestMessage(method, new Uri("https://agent.example/" + path));
            if (method != HttpMethod.Get)
            {
                request.Content = new StringContent("{\"message\":\"hi\"}");
            }

            SupportBotExchange.Key.Set(request, new SupportBotExchange(new SupportBotRequestContext(Provider, "Test", ProviderRegistry.For(Provider), ResponseBody.DefaultMaxBytes)));
            return Http.SendAsync(request, cancellationToken);
        });

    /// <summary>A full <see cref="SupportBotClient"/> over the same handler chain.</summary>
    public SupportBotClient CreateClient(Action<SupportBotClientOptions>? configure = null)
    {
        var options = new SupportBotClientOptions
        {
            Provider = Provider,
            ApiKey = Provider == SupportBotProvider.AISupportBot ? "ask_secret_key_123456" : AgentKey,
            BaseAddress = Provider == SupportBotProvider.AgentApi ? new Uri("https://agent.example/") : null,
            DefaultBotId = Provider == SupportBotProvider.AISupportBot ? "assistant-1" : Provider == SupportBotProvider.Asyntai ? "42" : "bot-1",
            TimeProvider = Time,
        };
        configure?.Invoke(options);
        return new SupportBotClient(Http, options);
    }

    public void Dispose()
    {
        Http.Dispose();
        _services?.Dispose();
    }
}

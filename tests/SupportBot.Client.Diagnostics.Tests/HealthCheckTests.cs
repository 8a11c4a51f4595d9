using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Client;
using SupportBot.Client.Diagnostics;
using SupportBot.MockServer;

namespace SupportBot.Client.Diagnostics.Tests;

/// <summary><c>AddHealthChecks().AddSupportBot()</c> against the reference mock server.</summary>
public sealed class HealthCheckTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReport> ProbeAsync(ServiceProvider provider) =>
        await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [Fact]
    public async Task Healthy_provider_is_Healthy_with_each_check_in_the_data()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        await using var sp = Build(s =>
        {
            s.Configure<SupportBotClientOptions>(o => Copy(server.CreateOptions(SupportBotProvider.Asyntai), o));
            s.AddHealthChecks().AddSupportBot();
        });

        var report = await ProbeAsync(sp);

        var entry = report.Entries["supportbot"];
        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Description.Should().Be("Asyntai: all checks passed");
        entry.Data["key"].Should().Be("ok: accepted (GET account/)");
        entry.Data["quotaUsedFraction"].Should().Be(0.06);
        entry.Data.Should().ContainKey("contract GET account/");
    }

    [Fact]
    public async Task Nearly_exhausted_quota_is_Degraded_and_a_revoked_key_Unhealthy_per_named_client()
    {
        var seed = MockSeed.Demo;
        seed.Accounts.Single(a => a.Id == "asyntai_main").QuotaUsed = 2400;   // 96 %
        await using var server = await SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed });
        await using var sp = Build(s =>
        {
            s.Configure<SupportBotClientOptions>("website", o => Copy(server.CreateOptions(SupportBotProvider.Asyntai), o));
            s.Configure<SupportBotClientOptions>("agent", o =>
            {
                Copy(server.CreateOptions(SupportBotProvider.AgentApi), o);
                o.ApiKey = "sk_live_revoked";
            });
            s.AddHealthChecks().AddSupportBot("website").AddSupportBot("agent", tags: ["ready"]);
        });

        var report = await ProbeAsync(sp);

        report.Entries["supportbot:website"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["supportbot:website"].Description.Should().Contain("quota: nearly exhausted");
        report.Entries["supportbot:agent"].Status.Should().Be(HealthStatus.Unhealthy);
        report.Entries["supportbot:agent"].Description.Should().Contain("key: key rejected (HTTP 401)");
        report.Entries["supportbot:agent"].Tags.Should().Contain("ready");
        report.Status.Should().Be(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task Slow_provider_is_Degraded()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.AgentApi, PathContains = "usage", Kind = MockFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(400) });
        await using var sp = Build(s =>
        {
            s.Configure<SupportBotClientOptions>(o => Copy(server.CreateOptions(SupportBotProvider.AgentApi), o));
            s.AddHealthChecks().AddSupportBot(o => o.Diagnosis.SlowThreshold = TimeSpan.FromMilliseconds(200));
        });

        var report = await ProbeAsync(sp);

        report.Entries["supportbot"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["supportbot"].Description.Should().Contain("latency");
    }

    [Fact]
    public async Task Probes_are_answered_from_the_cache_until_it_expires()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sp = Build(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<SupportBotClientOptions>(o => Copy(server.CreateOptions(SupportBotProvider.Asyntai), o));
            s.AddHealthChecks().AddSupportBot(o => o.CacheDuration = TimeSpan.FromMinutes(5));
        });

        var first = await ProbeAsync(sp);
        var calls = server.Journal.Count;
        var second = await ProbeAsync(sp);
        var third = await ProbeAsync(sp);

        calls.Should().BeGreaterThan(0);
        server.Journal.Count.Should().Be(calls, "cached probes do not call the provider");
        first.Entries["supportbot"].Data["cached"].Should().Be(false);
        second.Entries["supportbot"].Data["cached"].Should().Be(true);
        third.Entries["supportbot"].Status.Should().Be(HealthStatus.Healthy);

        clock.Advance(TimeSpan.FromMinutes(6));
        var fourth = await ProbeAsync(sp);

        fourth.Entries["supportbot"].Data["cached"].Should().Be(false);
        server.Journal.Count.Should().Be(calls * 2);
    }

    [Fact]
    public async Task Drift_failure_is_Unhealthy_and_failure_status_is_the_registrations()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        server.Faults.Add(new MockFault { Provider = SupportBotProvider.AskIA, PathContains = "bots", Kind = MockFaultKind.Status, StatusCode = 500, Count = 10 });
        await using var sp = Build(s =>
        {
            s.Configure<SupportBotClientOptions>(o => Copy(server.CreateOptions(SupportBotProvider.AskIA), o));
            s.AddHealthChecks().AddSupportBot(failureStatus: HealthStatus.Degraded);
        });

        var report = await ProbeAsync(sp);

        report.Entries["supportbot"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["supportbot"].Data["contract GET bots/{id}"].Should().Be("fail: HTTP 500 where 200 is documented");
    }

    private static void Copy(SupportBotClientOptions from, SupportBotClientOptions to)
    {
        to.Provider = from.Provider;
        to.ApiKey = from.ApiKey;
        to.BaseAddress = from.BaseAddress;
        to.DefaultBotId = from.DefaultBotId;
        to.AllowInsecureHttp = from.AllowInsecureHttp;
        to.AuthHeader = from.AuthHeader;
    }
}

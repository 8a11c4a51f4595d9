using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Aspire.Tests;

/// <summary>builder.AddSupportBotClient("supportbot") in a host, against the reference mock server.</summary>
public sealed class ClientIntegrationTests : IAsyncLifetime
{
    private SupportBotMockServer _mock = null!;

    public async Task InitializeAsync() => _mock = await SupportBotMockServer.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    private string ConnectionString(SupportBotProvider provider)
    {
        var o = _mock.CreateOptions(provider);
        return $"Endpoint={o.BaseAddress};Provider={provider};ApiKey={o.ApiKey}" + (o.DefaultBotId is null ? "" : $";BotId={o.DefaultBotId}");
    }

    private static HostApplicationBuilder Builder(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public async Task The_client_comes_from_the_connection_string_and_chats()
    {
        var builder = Builder(("ConnectionStrings:supportbot", ConnectionString(SupportBotProvider.AgentApi)));
        builder.AddSupportBotClient("supportbot");
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<ISupportBotClient>();
        var reply = await client.ChatAsync(new ChatRequest("How do I reset my password?"));

        client.Provider.Should().Be(SupportBotProvider.AgentApi);
        reply.Text.Should().Contain("reset");
        _mock.Journal.Should().ContainSingle(r => r.Path.EndsWith("/v1/query", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_options_come_from_the_section_and_the_connection_string_wins_over_it()
    {
        var builder = Builder(
            ("ConnectionStrings:supportbot", "Endpoint=https://support.example.com/api/;Provider=AgentApi;ApiKey=sk_cs"),
            ("SupportBot:Aspire:supportbot:Client:Provider", "Asyntai"),
            ("SupportBot:Aspire:supportbot:Client:ApiKey", "sk_section"),
            ("SupportBot:Aspire:supportbot:Client:MaxHistoryMessages", "7"));
        builder.AddSupportBotClient("supportbot");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>().Get(Options.DefaultName);
        options.Provider.Should().Be(SupportBotProvider.AgentApi);
        options.ApiKey.Should().Be("sk_cs");
        options.BaseAddress.Should().Be(new Uri("https://support.example.com/api/"));
        options.MaxHistoryMessages.Should().Be(7);
    }

    [Fact]
    public async Task The_keyed_variant_registers_a_keyed_client_and_its_own_health_check()
    {
        var builder = Builder(
            ("ConnectionStrings:supportbot", ConnectionString(SupportBotProvider.AgentApi)),
            ("ConnectionStrings:sales", ConnectionString(SupportBotProvider.Asyntai)));
        builder.AddSupportBotClient("supportbot");
        builder.AddKeyedSupportBotClient("sales");
        using var host = builder.Build();

        host.Services.GetRequiredKeyedService<ISupportBotClient>("sales").Provider.Should().Be(SupportBotProvider.Asyntai);
        host.Services.GetRequiredService<ISupportBotClient>().Provider.Should().Be(SupportBotProvider.AgentApi);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        report.Entries.Keys.Should().BeEquivalentTo("supportbot", "supportbot:sales");
        report.Entries.Values.Should().OnlyContain(e => e.Status != HealthStatus.Unhealthy);
    }

    [Fact]
    public void DisableHealthChecks_from_configuration_leaves_the_check_out()
    {
        var builder = Builder(
            ("ConnectionStrings:supportbot", ConnectionString(SupportBotProvider.AgentApi)),
            ("SupportBot:Aspire:supportbot:DisableHealthChecks", "true"));
        builder.AddSupportBotClient("supportbot");
        using var host = builder.Build();

        host.Services.GetService<HealthCheckService>().Should().BeNull("no health check was registered at all");
    }

    [Fact]
    public void An_app_that_registered_the_check_itself_keeps_one()
    {
        var builder = Builder(("ConnectionStrings:supportbot", ConnectionString(SupportBotProvider.AgentApi)));
        builder.Services.AddHealthChecks().AddSupportBot();
        builder.AddSupportBotClient("supportbot");
        using var host = builder.Build();

        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Select(r => r.Name).Should().Equal("supportbot");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_SDKs_spans_reach_OpenTelemetry_unless_tracing_is_disabled(bool disableTracing)
    {
        var exported = new List<Activity>();
        var builder = Builder(("ConnectionStrings:supportbot", ConnectionString(SupportBotProvider.AgentApi)));
        builder.AddSupportBotClient("supportbot", settings => settings.DisableTracing = disableTracing);
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(exported));
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<TracerProvider>();

        await host.Services.GetRequiredService<ISupportBotClient>().ChatAsync(new ChatRequest("How do I reset my password?"));
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var ours = exported.Where(a => a.Source.Name == "SupportBot.Client").ToList();
        if (disableTracing)
        {
            ours.Should().BeEmpty();
        }
        else
        {
            ours.Should().ContainSingle().Which.Kind.Should().Be(ActivityKind.Client);
        }
    }

    [Fact]
    public void A_malformed_connection_string_stops_registration_with_the_part_that_is_wrong()
    {
        var builder = Builder(("ConnectionStrings:supportbot", "Endpoint=https://support.example.com/api/;Provider=AgentAPl;ApiKey=sk_live_x"));

        var add = () => builder.AddSupportBotClient("supportbot");

        add.Should().Throw<FormatException>().WithMessage(
            "The SupportBot connection string 'supportbot' is malformed: Provider 'AgentAPl' is not one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi.");
    }

    [Fact]
    public void No_connection_string_is_an_error_that_says_where_to_put_one()
    {
        var add = () => Builder().AddSupportBotClient("supportbot");

        add.Should().Throw<InvalidOperationException>().Which.Message.Should()
            .StartWith("SupportBot client 'supportbot': no connection string. Set ConnectionStrings:supportbot");
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SupportBot.Client.Redis.Tests.Infrastructure;
using SupportBot.MockServer;

namespace SupportBot.Client.Redis.Tests;

/// <summary>The core's hook (<see cref="SupportBotClientOptions.QuotaStop"/>) with a stop of the test's own: no Redis involved.</summary>
public sealed class QuotaStopHookTests
{
    private sealed class RecordingStop(SupportBotQuotaStopEntry? entry, Exception? tripFails = null) : ISupportBotQuotaStop
    {
        public List<SupportBotQuotaScope> Gets { get; } = [];

        public List<(SupportBotQuotaScope Scope, SupportBotQuotaExceededException Error)> Trips { get; } = [];

        public ValueTask<SupportBotQuotaStopEntry?> GetAsync(SupportBotQuotaScope scope, CancellationToken cancellationToken = default)
        {
            Gets.Add(scope);
            return new(entry);
        }

        public ValueTask TripAsync(SupportBotQuotaScope scope, SupportBotQuotaExceededException exception, CancellationToken cancellationToken = default)
        {
            Trips.Add((scope, exception));
            return tripFails is null ? default : ValueTask.FromException(tripFails);
        }
    }

    [Fact]
    public async Task A_stop_in_force_throws_before_sending_a_chat_and_reads_are_not_stopped()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var stop = new RecordingStop(new SupportBotQuotaStopEntry(clock.GetUtcNow().AddMinutes(30)) { Used = 50, Limit = 50, Details = "Plan message limit reached" });
        using var client = server.CreateClient(SupportBotProvider.Asyntai, o => { o.QuotaStop = stop; o.TimeProvider = clock; });

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;
        ex.Message.Should().Be("Asyntai Chat was not sent: the plan quota of this key was reported exhausted (50/50); the quota stop holds until 2026-12-04 12:30:00 UTC.");
        ex.StatusCode.Should().BeNull();
        ex.RetryAfter.Should().Be(TimeSpan.FromMinutes(30));
        ex.Details.Should().Be("Plan message limit reached");

        await client.GetAccountAsync();
        stop.Gets.Should().ContainSingle("only the chat asked the stop");
        server.Journal.For(SupportBotProvider.Asyntai).Should().ContainSingle().Which.Method.Should().Be("GET");
        stop.Gets[0].Should().BeEquivalentTo(SupportBotQuotaScope.For(SupportBotProvider.Asyntai, server.BaseAddressFor(SupportBotProvider.Asyntai), server.CreateOptions(SupportBotProvider.Asyntai).ApiKey));
    }

    [Fact]
    public async Task A_stop_that_has_ended_lets_the_chat_through()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var stop = new RecordingStop(new SupportBotQuotaStopEntry(DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var client = server.CreateClient(SupportBotProvider.AISupportBot, o => o.QuotaStop = stop);

        (await client.ChatAsync("How do I reset my password?")).Text.Should().NotBeEmpty();
        stop.Trips.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_trip_is_logged_and_the_caller_still_gets_the_providers_quota_error()
    {
        await using var server = await SupportBotMockServer.StartAsync();
        var stop = new RecordingStop(null, new InvalidOperationException("storage down"));
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var client = server.CreateClient(SupportBotProvider.AISupportBot, o =>
        {
            o.ApiKey = "ask_quota_exhausted_key";
            o.DefaultBotId = "clz_quota_exhausted";
            o.QuotaStop = stop;
            o.LoggerFactory = loggerFactory;
        });

        var ex = (await FluentActions.Awaiting(() => client.ChatAsync("hello")).Should().ThrowExactlyAsync<SupportBotQuotaExceededException>()).Which;

        ex.StatusCode.Should().Be(429);
        stop.Trips.Should().ContainSingle().Which.Error.Should().BeSameAs(ex);
        logs.GetSnapshot().Where(r => r.Id.Id == 1006).Select(r => r.Message)
            .Should().Equal("AISupportBot Chat: the quota stop could not record the exhausted quota (InvalidOperationException)");
        logs.GetSnapshot().Select(r => r.Message).Should().NotContain(m => m.Contains("ask_quota_exhausted_key", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scope_fingerprint_depends_on_provider_address_and_key_and_never_shows_the_key()
    {
        var address = new Uri("https://aisupportbot.io/api/");
        var scope = SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, address, "ask_secret");

        scope.KeyFingerprint.Should().MatchRegex("^[0-9a-f]{32}$");
        scope.Should().BeEquivalentTo(SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, address, "ask_secret"));
        scope.KeyFingerprint.Should().NotBe(SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, address, "ask_other").KeyFingerprint)
            .And.NotBe(SupportBotQuotaScope.For(SupportBotProvider.Asyntai, address, "ask_secret").KeyFingerprint)
            .And.NotBe(SupportBotQuotaScope.For(SupportBotProvider.AISupportBot, new Uri("http://127.0.0.1:5080/aisupportbot/api/"), "ask_secret").KeyFingerprint);
        scope.ToString().Should().Be("AISupportBot:" + scope.KeyFingerprint);
    }
}

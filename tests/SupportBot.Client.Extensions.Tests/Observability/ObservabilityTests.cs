using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Observability;

[CollectionDefinition(nameof(DiagnosticsCollection), DisableParallelization = true)]
public sealed class DiagnosticsCollection;

/// <summary>Logs, spans and metrics. Not run in parallel: the meter and activity source are process-wide.</summary>
[Collection(nameof(DiagnosticsCollection))]
public sealed class ObservabilityTests
{
    private const string Secret = "ask_SECRET_key_do_not_log_42";
    private const string UserSecret = "ana.secret@example.com";
    private const string AISupportBotAnswer = """{"response":"Hi","requiresEscalation":true,"usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16}}""";

    [Fact]
    public async Task Logs_have_stable_ids_and_never_contain_the_key_or_user_context()
    {
        using var logs = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var h = new ResilienceHarness(o => o.LoggerFactory = factory, SupportBotProvider.AISupportBot);
        h.Stub.ThenRespond(503, $"{{\"error\":\"down\",\"echo\":\"{Secret} {UserSecret}\"}}")
            .ThenRespond(200, AISupportBotAnswer)
            .ThenRespond(400, $"{{\"error\":\"bad request for {Secret}\",\"details\":\"{UserSecret}\"}}");
        using var client = h.CreateClient(o =>
        {
            o.ApiKey = Secret;
            o.LoggerFactory = factory;
        });
        var request = new ChatRequest("What is my email?") { UserContext = new JsonObject { ["email"] = UserSecret } };

        await h.Time.RunAsync(() => client.ChatAsync(request));
        var act = () => h.Time.RunAsync(() => client.ChatAsync(request));
        var ex = (await act.Should().ThrowAsync<SupportBotException>()).Which;

        var entries = logs.Collector.GetSnapshot();
        var ids = entries.Select(e => e.Id.Id).ToHashSet();
        ids.Should().Contain([1001, 1002, 1003, 1004]);
        entries.Single(e => e.Id.Id == 1003).Message.Should().Contain("HTTP 503").And.Contain("AISupportBot");
        entries.Single(e => e.Id.Id == 1003).Id.Name.Should().Be("SupportBotRetrying");
        entries.Single(e => e.Id.Id == 1004).Level.Should().Be(LogLevel.Warning);
        foreach (var entry in entries)
        {
            Everything(entry).Should().NotContain(Secret).And.NotContain(UserSecret).And.NotContain("What is my email");
        }

        ex.Message.Should().NotContain(Secret);
        ex.ResponseBody.Should().NotContain(Secret);
    }

    [Fact]
    public async Task Spans_carry_provider_operation_and_status()
    {
        using var parentSource = new ActivitySource("SupportBot.Tests." + Guid.NewGuid().ToString("N"));
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "SupportBot.Client" || s.Name == parentSource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var h = new ResilienceHarness();
        h.Stub.ThenRespond(200, """{"answer":"ok","conversation_id":"c1","message_id":"m1","confidence":0.9}""").ThenRespond(404, "{\"error\":\"no such conversation\"}");
        using var client = h.CreateClient();

        using (var parent = parentSource.StartActivity("test"))
        {
            await h.Time.RunAsync(() => client.ChatAsync("hi"));
            var act = () => h.Time.RunAsync(() => client.GetConversationAsync("missing"));
            await act.Should().ThrowAsync<SupportBotException>();
            // By parent id, not trace id: .NET Framework's default id format is hierarchical, with no W3C trace id.
            var mine = stopped.Where(a => a.Source.Name == "SupportBot.Client" && a.ParentId == parent!.Id).ToList();

            mine.Should().HaveCount(2);
            var ok = mine.Single(a => (string?)a.GetTagItem("supportbot.operation") == "Query");
            ok.Kind.Should().Be(ActivityKind.Client);
            ok.GetTagItem("supportbot.provider").Should().Be("AgentApi");
            ok.GetTagItem("http.response.status_code").Should().Be(200);
            ok.Status.Should().NotBe(ActivityStatusCode.Error);
            var failed = mine.Single(a => a != ok);
            failed.GetTagItem("http.response.status_code").Should().Be(404);
            failed.GetTagItem("error.type").Should().Be("NotFound");
            failed.Status.Should().Be(ActivityStatusCode.Error);
        }
    }

    [Fact]
    public async Task Metrics_record_duration_tokens_escalations_retries_rate_limits_and_quota()
    {
        using var retries = Collect<long>("supportbot.client.retries");
        using var tokens = Collect<long>("supportbot.client.tokens");
        using var escalations = Collect<long>("supportbot.client.escalations");
        using var quotaExceeded = Collect<long>("supportbot.client.quota_exceeded");
        using var rateLimited = Collect<long>("supportbot.client.rate_limited");
        using var duration = Collect<double>("supportbot.client.request.duration");

        // AISupportBot: one retried 503, then a reply with usage and escalation, then a quota 429.
        using (var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot))
        {
            h.Stub.ThenRespond(503).ThenRespond(200, AISupportBotAnswer).ThenRespond(429, "{\"error\":\"Plan limit reached\"}");
            using var client = h.CreateClient();
            await h.Time.RunAsync(() => client.ChatAsync("hello"));
            var quota = () => h.Time.RunAsync(() => client.ChatAsync("hello again"));
            await quota.Should().ThrowAsync<SupportBotQuotaExceededException>();
        }

        // AgentApi: a rate-limit 429 whose Retry-After exceeds the cap, so it surfaces at once.
        using (var h = new ResilienceHarness())
        {
            h.Stub.ThenRespond(429, "{\"error\":\"slow down\"}", ("Retry-After", "3600"));
            using var client = h.CreateClient();
            var limited = () => h.Time.RunAsync(() => client.ChatAsync("hi"));
            await limited.Should().ThrowAsync<SupportBotRateLimitException>();
        }

        retries.GetMeasurementSnapshot().Should().ContainSingle(m =>
            Equals(m.Tags["supportbot.provider"], "AISupportBot") && Equals(m.Tags["supportbot.operation"], "Chat"));
        tokens.GetMeasurementSnapshot().Should().Contain(m => m.Value == 16 && Equals(m.Tags["supportbot.provider"], "AISupportBot"));
        escalations.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags["supportbot.provider"], "AISupportBot"));
        quotaExceeded.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags["supportbot.provider"], "AISupportBot"));
        rateLimited.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags["supportbot.provider"], "AgentApi"));
        var durations = duration.GetMeasurementSnapshot();
        durations.Should().HaveCount(3);
        durations.Should().Contain(m => Equals(m.Tags["supportbot.outcome"], "Success") && Equals(m.Tags["http.response.status_code"], 200));
        durations.Should().Contain(m => Equals(m.Tags["supportbot.outcome"], "QuotaExceeded") && Equals(m.Tags["supportbot.operation"], "Chat"));
        durations.Should().Contain(m => Equals(m.Tags["supportbot.outcome"], "RateLimited") && Equals(m.Tags["supportbot.provider"], "AgentApi"));
    }

    [Fact]
    public async Task Client_side_limiter_rejections_count_as_rate_limited()
    {
        using var rateLimited = Collect<long>("supportbot.client.rate_limited");
        using var h = new ResilienceHarness(o => o.ClientRateLimit = new SupportBotRateLimitOptions { PermitLimit = 1 });
        h.Stub.ThenRespond(200, """{"answer":"ok","conversation_id":"c1","message_id":"m1","confidence":0.9}""");
        using var client = h.CreateClient();

        await h.Time.RunAsync(() => client.ChatAsync("one"));
        var act = () => h.Time.RunAsync(() => client.ChatAsync("two"));
        await act.Should().ThrowAsync<SupportBotRateLimitException>();

        rateLimited.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1);
    }

    /// <summary>Every measurement of one of the SDK's instruments (the meter is process-wide, hence the collection).</summary>
    private static MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(meterScope: null, "SupportBot.Client", instrument);

    /// <summary>All a log record carries: formatted message, structured state and exception.</summary>
    private static string Everything(FakeLogRecord record) =>
        string.Join("\n", [record.Message, .. (record.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"), record.Exception?.ToString() ?? string.Empty]);
}

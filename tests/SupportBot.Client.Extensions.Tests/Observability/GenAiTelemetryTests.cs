using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.Observability;

/// <summary>
/// The OpenTelemetry GenAI semantic conventions, next to the supportbot.* names, seen through OpenTelemetry's own SDK and
/// in-memory exporter — what a GenAI dashboard would receive.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenAiTelemetryTests
{
    [Fact]
    public async Task A_chat_span_and_metrics_carry_the_gen_ai_conventions()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using (var tracer = Sdk.CreateTracerProviderBuilder().AddSource("SupportBot.Client").AddInMemoryExporter(spans).Build())
        using (Sdk.CreateMeterProviderBuilder().AddMeter("SupportBot.Client").AddInMemoryExporter(metrics).Build())
        {
            using var h = new ResilienceHarness(provider: SupportBotProvider.AISupportBot);
            h.Stub.ThenRespond(200, """{"response":"Reset it from the login page.","requiresEscalation":false,"usage":{"prompt_tokens":312,"completion_tokens":48,"total_tokens":360}}""");
            using var client = h.CreateClient();

            await h.Time.RunAsync(() => client.ChatAsync("How do I reset my password?"));
        }

        var span = spans.Should().ContainSingle(s => s.DisplayName == "supportbot Chat").Subject;
        span.GetTagItem("gen_ai.operation.name").Should().Be("chat");
        span.GetTagItem("gen_ai.provider.name").Should().Be("aisupportbot");
        span.GetTagItem("gen_ai.usage.input_tokens").Should().Be(312);
        span.GetTagItem("gen_ai.usage.output_tokens").Should().Be(48);
        span.GetTagItem("supportbot.provider").Should().Be("AISupportBot", "the SDK's own names stay");

        var duration = metrics.Should().ContainSingle(m => m.Name == "gen_ai.client.operation.duration").Subject;
        duration.Unit.Should().Be("s");
        Points(duration).Should().ContainSingle().Which.Tags.Should().Contain("gen_ai.operation.name", "chat").And.Contain("gen_ai.provider.name", "aisupportbot");

        var tokens = metrics.Should().ContainSingle(m => m.Name == "gen_ai.client.token.usage").Subject;
        Points(tokens).Select(p => ((string)p.Tags["gen_ai.token.type"]!, p.Sum)).Should().BeEquivalentTo([("input", 312.0), ("output", 48.0)]);
        metrics.Should().Contain(m => m.Name == "supportbot.client.request.duration");
    }

    [Theory]
    [InlineData(SupportBotProvider.AgentApi, """{"answer":"ok","conversation_id":"conv_42","confidence":0.9}""", "conv_42")]
    [InlineData(SupportBotProvider.Asyntai, """{"success":true,"response":"ok","session_id":"conv_42"}""", "conv_42")]
    [InlineData(SupportBotProvider.AskIA, """{"reply":"ok","conversationId":"conv_42","messageId":"m1"}""", "conv_42")]
    public async Task The_conversation_id_is_on_the_chat_span(SupportBotProvider provider, string body, string conversationId)
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("SupportBot.Client").AddInMemoryExporter(spans).Build())
        {
            using var h = new ResilienceHarness(provider: provider);
            h.Stub.ThenRespond(200, body);
            using var client = h.CreateClient();
            await h.Time.RunAsync(() => client.ChatAsync("hi"));
        }

        var span = spans.Should().ContainSingle(s => (string?)s.GetTagItem("gen_ai.operation.name") == "chat").Subject;
        span.GetTagItem("gen_ai.conversation.id").Should().Be(conversationId);
        span.GetTagItem("gen_ai.provider.name").Should().Be(provider.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task A_failed_chat_records_its_error_type_in_the_gen_ai_duration()
    {
        var metrics = new List<MetricSnapshot>();
        using (Sdk.CreateMeterProviderBuilder().AddMeter("SupportBot.Client").AddInMemoryExporter(metrics).Build())
        {
            using var h = new ResilienceHarness(o => o.Retry = new SupportBotRetryOptions { MaxRetries = 0 });
            h.Stub.ThenRespond(401, """{"error":{"code":"invalid_key","message":"Invalid API key"}}""");
            using var client = h.CreateClient();
            await FluentActions.Awaiting(() => h.Time.RunAsync(() => client.ChatAsync("hi"))).Should().ThrowAsync<SupportBotAuthenticationException>();
        }

        var duration = metrics.Should().ContainSingle(m => m.Name == "gen_ai.client.operation.duration").Subject;
        Points(duration).Should().ContainSingle().Which.Tags.Should().Contain("error.type", "Unauthorized");
    }

    [Fact]
    public async Task Reads_are_not_gen_ai_operations()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("SupportBot.Client").AddInMemoryExporter(spans).Build())
        {
            using var h = new ResilienceHarness();
            h.Stub.ThenRespond(200, """{"plan":"growth","queries_used":1,"queries_limit":10}""");
            using var client = h.CreateClient();
            await h.Time.RunAsync(() => client.GetAccountAsync());
        }

        spans.Should().ContainSingle().Which.GetTagItem("gen_ai.operation.name").Should().BeNull();
    }

    private static List<(Dictionary<string, object?> Tags, double Sum)> Points(MetricSnapshot metric)
    {
        var points = new List<(Dictionary<string, object?>, double)>();
        foreach (var point in metric.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            points.Add((tags, metric.MetricType is MetricType.Histogram ? point.GetHistogramSum() : point.GetSumDouble()));
        }

        return points;
    }
}

/// <summary>Telemetry tests listen process-wide: run them one at a time so other tests' spans and measurements stay out.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

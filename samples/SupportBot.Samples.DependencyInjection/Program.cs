// A generic-host app with two support bots registered as keyed clients from appsettings.json.
//
//   dotnet run                  starts the embedded reference mock server and points both clients at it (offline, no keys)
//   dotnet run -- --use-config  talks to the servers, keys and bots named in appsettings.json (SupportBot:Sales, SupportBot:Support)
//   dotnet run -- --telemetry   also exports the SDK's OpenTelemetry spans and metrics (GenAI conventions) to the console
//
// It ends with a stateless chat loop through a Microsoft.Extensions.AI pipeline (UseDistributedCache, UseLogging, UseOpenTelemetry).
//
// Keys belong in user secrets or environment variables, e.g. SupportBot__Sales__ApiKey=sk_live_...
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SupportBot.Client;
using SupportBot.MockServer;
using SupportBot.Samples.DependencyInjection;

// appsettings.json is read from the app's folder, so the sample works from any working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

await using var mock = args.Contains("--use-config") ? null : await SupportBotMockServer.StartAsync();
if (mock is not null)
{
    // Point both configured clients at the mock server: its address, demo key and bot for each section's provider.
    foreach (var section in new[] { "SupportBot:Sales", "SupportBot:Support" })
    {
        var demo = mock.CreateOptions(builder.Configuration.GetSection(section).GetValue<SupportBotProvider>("Provider"));
        builder.Configuration[section + ":BaseAddress"] = demo.BaseAddress!.ToString();
        builder.Configuration[section + ":ApiKey"] = demo.ApiKey;
        builder.Configuration[section + ":DefaultBotId"] = demo.DefaultBotId;
    }

    Console.WriteLine($"Reference mock server on {mock.BaseAddress} (pass --use-config to use appsettings.json instead)");
}

builder.Services.AddSupportBotClient("sales", builder.Configuration.GetSection("SupportBot:Sales"))
    .ConfigureSupportBotResilience(resilience => resilience.CircuitBreaker = resilience.CircuitBreaker with { BreakDuration = TimeSpan.FromSeconds(10) });
builder.Services.AddSupportBotClient("support", builder.Configuration.GetSection("SupportBot:Support"));
builder.Services.AddSingleton<HelpDesk>();

// The support bot as a Microsoft.Extensions.AI pipeline, as Semantic Kernel and the agent frameworks consume it: cached, logged and
// traced. The adapter delivers every input or refuses it before sending (see docs/chat-client.md).
builder.Services.AddDistributedMemoryCache();
builder.Services.AddChatClient(services => services.GetRequiredKeyedService<ISupportBotClient>("support").AsChatClient())
    .UseDistributedCache()
    .UseLogging()
    .UseOpenTelemetry(sourceName: "SupportBot.Samples.Chat");
builder.Services.AddSingleton<StatelessChat>();

// OpenTelemetry: the SDK's spans and metrics (supportbot.* and the GenAI semantic conventions, gen_ai.*) to the console.
// With --telemetry; swap the console exporter for OTLP to see support-bot calls on a GenAI dashboard.
if (args.Contains("--telemetry"))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSource("SupportBot.Client", "SupportBot.Samples.Chat").AddConsoleExporter())
        .WithMetrics(metrics => metrics.AddMeter("SupportBot.Client").AddConsoleExporter());
}

using var host = builder.Build();

// Options are validated here: a bad key fails the start with a message naming it (e.g. SupportBot:Support:ApiKey).
await host.StartAsync();

var desk = host.Services.GetRequiredService<HelpDesk>();
await desk.RunAsync("How do I reset my password?");

Console.WriteLine("Stateless chat loop (the whole transcript each turn, no conversation id):");
var chat = host.Services.GetRequiredService<StatelessChat>();
await chat.RunAsync("user-42", ["How do I reset my password?", "And what if it expired?", "Thanks! How long is the link valid?"], Console.Out);

await host.StopAsync();

namespace SupportBot.Samples.DependencyInjection
{
    /// <summary>Uses both bots: the sales bot through the normalized client, the support bot as an IChatClient.</summary>
    internal sealed class HelpDesk(
        [FromKeyedServices("sales")] ISupportBotClient sales,
        [FromKeyedServices("support")] ISupportBotClient support,
        ILogger<HelpDesk> logger)
    {
        public async Task RunAsync(string question)
        {
            try
            {
                var reply = await sales.ChatAsync(new ChatRequest(question));
                Console.WriteLine($"[{sales.Provider}] {(reply.RequiresEscalation ? "(needs a human) " : string.Empty)}{reply.Text}");
                foreach (var source in reply.Sources)
                {
                    Console.WriteLine($"    source: {source.Title ?? source.DocumentId}");
                }

                // Same conversation, continued.
                var followUp = await sales.ChatAsync(new ChatRequest("And if I no longer have access to my email?") { ConversationId = reply.ConversationId });
                Console.WriteLine($"[{sales.Provider}] {(followUp.RequiresEscalation ? "(needs a human) " : string.Empty)}{followUp.Text}");
            }
            catch (SupportBotException ex)
            {
                logger.LogError("Sales bot failed: {ErrorCode} (retryable: {Retryable}, retry after: {RetryAfter})", ex.ErrorCode, ex.IsRetryable, ex.RetryAfter);
            }

            try
            {
                using var chat = support.AsChatClient();
                var response = await chat.GetResponseAsync(question);
                var escalate = response.AdditionalProperties?.TryGetValue(SupportBotChatClient.RequiresEscalationKey, out bool e) == true && e;
                Console.WriteLine($"[{support.Provider} via IChatClient] {(escalate ? "(needs a human) " : string.Empty)}{response.Text}");
                Console.WriteLine($"    conversation {response.ConversationId}, tokens {response.Usage?.TotalTokenCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}");
            }
            catch (SupportBotException ex)
            {
                logger.LogError("Support bot failed: {ErrorCode} (retryable: {Retryable}, retry after: {RetryAfter})", ex.ErrorCode, ex.IsRetryable, ex.RetryAfter);
            }
        }
    }
}

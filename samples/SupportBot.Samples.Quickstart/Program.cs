// Quickstart: one ISupportBotClient code path for every provider.
//
//   dotnet run --project samples/SupportBot.Samples.Quickstart
//       starts the embedded reference mock server (demo seed) and talks to all five providers, offline.
//
//   dotnet run --project samples/SupportBot.Samples.Quickstart -- --provider Asyntai --api-key <key> [--base-url <url>] [--bot-id <id>]
//       talks to the real service instead.
using System.Globalization;
using SupportBot.Client;
using SupportBot.MockServer;

string[] conversation =
[
    "Hello!",
    "How do I reset my password?",
    "How long is the reset link valid?",
    "Can I get a refund?",
    "Do you sell pizza in Tokyo?",
];

var options = ParseArgs(args);
if (options is null)
{
    return 2;
}

if (options.Provider is { } realProvider)
{
    using var client = new SupportBotClient(new SupportBotClientOptions
    {
        Provider = realProvider,
        ApiKey = options.ApiKey,
        BaseAddress = options.BaseUrl,
        DefaultBotId = options.BotId,
    });
    await RunAsync(client, conversation);
    return 0;
}

await using (var server = await SupportBotMockServer.StartAsync())
{
    Console.WriteLine($"Reference mock server (demo seed) listening on {server.BaseAddress}");
    foreach (var provider in Enum.GetValues<SupportBotProvider>())
    {
        using var client = server.CreateClient(provider);
        await RunAsync(client, conversation);
    }
}

return 0;

// The one code path: nothing below knows which provider it talks to.
static async Task RunAsync(ISupportBotClient client, IReadOnlyList<string> messages)
{
    Console.WriteLine();
    Console.WriteLine($"=== {client.Provider} ===");
    string? conversationId = null;
    foreach (var message in messages)
    {
        Console.WriteLine($"> {message}");
        try
        {
            var reply = await client.ChatAsync(new ChatRequest(message) { ConversationId = conversationId });
            conversationId = reply.ConversationId;
            if (reply.RequiresEscalation)
            {
                Console.WriteLine("  [escalated] The bot is not confident: hand this user to a human agent.");
            }
            else
            {
                Console.WriteLine($"  {reply.Text}");
            }

            foreach (var source in reply.Sources.Take(2))
            {
                Console.WriteLine($"    source: {source.Title} ({source.DocumentId})");
            }

            if (reply.Confidence is { } confidence)
            {
                Console.WriteLine($"    confidence: {confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
            }

            if (reply.QuotaWarning is { } warning)
            {
                Console.WriteLine($"    quota warning: {warning}");
            }
        }
        catch (SupportBotQuotaExceededException ex)
        {
            Console.WriteLine($"  [quota] {ex.Message}");
            break;
        }
        catch (SupportBotRateLimitException ex)
        {
            Console.WriteLine($"  [rate limited] retry after {ex.RetryAfter?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "?"} s");
            break;
        }
        catch (SupportBotException ex)
        {
            Console.WriteLine($"  [error {ex.ErrorCode}] {ex.Message}");
            break;
        }
    }

    if (client.Capabilities.GetAccount)
    {
        var account = await client.GetAccountAsync();
        Console.WriteLine($"  usage: {account.MessagesUsed}/{account.MessagesLimit} messages this period (plan {account.Plan})");
    }
    else if (client.Capabilities.GetBot)
    {
        var bot = await client.GetBotAsync();
        Console.WriteLine($"  bot: {bot.Name} ({bot.Id})");
    }
}

static QuickstartArgs? ParseArgs(string[] args)
{
    var result = new QuickstartArgs();
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : null;
        switch (args[i])
        {
            case "--provider" when value is not null && Enum.TryParse<SupportBotProvider>(value, ignoreCase: true, out var p):
                result.Provider = p;
                i++;
                break;
            case "--api-key" when value is not null:
                result.ApiKey = value;
                i++;
                break;
            case "--base-url" when value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri):
                result.BaseUrl = uri;
                i++;
                break;
            case "--bot-id" when value is not null:
                result.BotId = value;
                i++;
                break;
            default:
                Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                Console.Error.WriteLine("Usage: [--provider AISupportBot|Asyntai|ChatSupportAI|AskIA|AgentApi --api-key KEY [--base-url URL] [--bot-id ID]]");
                return null;
        }
    }

    if (result.Provider is null && (result.ApiKey ?? result.BotId ?? (object?)result.BaseUrl) is not null)
    {
        Console.Error.WriteLine("--api-key, --base-url and --bot-id need --provider.");
        return null;
    }

    return result;
}

internal sealed class QuickstartArgs
{
    public SupportBotProvider? Provider { get; set; }

    public string? ApiKey { get; set; }

    public Uri? BaseUrl { get; set; }

    public string? BotId { get; set; }
}

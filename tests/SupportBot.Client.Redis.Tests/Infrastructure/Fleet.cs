using System.Text.Json.Nodes;
using StackExchange.Redis;
using SupportBot.Client;
using SupportBot.MockServer;

namespace SupportBot.Client.Redis.Tests.Infrastructure;

/// <summary>The mock server seeded with one AISupportBot account without a quota, and helpers to read what went on the wire.</summary>
public static class Fleet
{
    public const SupportBotProvider P = SupportBotProvider.AISupportBot;
    public const string Key = "ask_fleet_key_0123456789";
    public const string Bot = "asst_fleet";

    public static MockSeed Seed() => MockSeed.Empty
        .AddKnowledgeBase("kb",
            new MockDocument("d1", "Passwords", "To reset your password use the reset link on the sign-in page."),
            new MockDocument("d2", "Refunds", "A refund is possible within 30 days of purchase."))
        .AddAccount(new MockAccount { Id = "acc", Provider = P })
        .AddBot(new MockBot { Id = Bot, Provider = P, AccountId = "acc", KnowledgeBaseId = "kb" })
        .AddKey(P, Key, accountId: "acc", botId: Bot);

    public static Task<SupportBotMockServer> StartMockAsync(MockSeed? seed = null) =>
        SupportBotMockServer.StartAsync(new SupportBotMockServerOptions { Seed = seed ?? Seed() });

    /// <summary>A client of one "instance": its own options, store or limiter; no retries, so every call is one request.</summary>
    public static SupportBotClient Client(SupportBotMockServer server, Action<SupportBotClientOptions>? configure = null) =>
        server.CreateClient(P, o =>
        {
            o.ApiKey = Key;
            o.DefaultBotId = Bot;
            o.Retry = new SupportBotRetryOptions { MaxRetries = 0, UseCircuitBreaker = false };
            configure?.Invoke(o);
        });

    /// <summary>The chat requests the mock server received, oldest first, as parsed JSON bodies.</summary>
    public static IReadOnlyList<JsonObject> ChatBodies(SupportBotMockServer server) =>
        server.Journal.For(P)
            .Where(r => r.Method == "POST" && r.Path.EndsWith("/chat", StringComparison.Ordinal))
            .OrderBy(r => r.Sequence)
            .Select(r => JsonNode.Parse(r.Body)!.AsObject())
            .ToArray();

    /// <summary>The history array AISupportBot documents: <c>[{"role":"user","content":"…"},…]</c>.</summary>
    public static JsonArray History(params (string Role, string Content)[] messages) =>
        new(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray());

    public static async Task<string[]> KeysAsync(IConnectionMultiplexer connection, string pattern)
    {
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
        {
            keys.Add(key.ToString());
        }

        return [.. keys];
    }
}

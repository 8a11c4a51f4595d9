using System.Collections.Concurrent;
using SupportBot.Client;

namespace SupportBot.MockServer.Tests;

public sealed class ConcurrencyTests
{
    private static readonly string[] Questions =
    [
        "How do I reset my password?", "What are your business hours?", "Can I get a refund?", "How do I export my notes?",
        "Do you sell pizza?", "How do I share a notebook?", "What are your pricing plans?", "How do I cancel my subscription?",
    ];

    [Fact]
    public async Task Eight_clients_times_200_messages_keep_every_transcript_and_usage_exact()
    {
        const int clients = 8, messagesPerClient = 200, conversationsPerClient = 20, perConversation = messagesPerClient / conversationsPerClient;
        await using var server = await Mock.StartAsync();
        // Half the clients on Asyntai, half on AgentApi: both keep transcripts server-side and expose usage.
        var providers = Enumerable.Range(0, clients).Select(i => i % 2 == 0 ? SupportBotProvider.Asyntai : SupportBotProvider.AgentApi).ToArray();
        var sdk = providers.Select(p => server.CreateClient(p, Mock.NoRetries)).ToArray();
        var usageBefore = new Dictionary<SupportBotProvider, long>
        {
            [SupportBotProvider.Asyntai] = (await sdk[0].GetAccountAsync()).MessagesUsed!.Value,
            [SupportBotProvider.AgentApi] = (await sdk[1].GetAccountAsync()).MessagesUsed!.Value,
        };
        var sent = new ConcurrentDictionary<(SupportBotProvider, string), List<string>>();
        var failures = new ConcurrentBag<Exception>();

        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, clients * conversationsPerClient),
                new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (job, ct) =>
                {
                    var clientIndex = job % clients;
                    var client = sdk[clientIndex];
                    string? conversationId = null;
                    var messages = new List<string>();
                    for (var m = 0; m < perConversation; m++)
                    {
                        var text = $"{Questions[(job + m) % Questions.Length]} [client {clientIndex} job {job} message {m}]";
                        try
                        {
                            var reply = await client.ChatAsync(text, conversationId, ct);
                            conversationId = reply.ConversationId;
                            messages.Add(text);
                        }
                        catch (Exception ex)
                        {
                            failures.Add(ex);
                        }
                    }

                    sent[(providers[clientIndex], conversationId!)] = messages;
                });

            failures.Should().BeEmpty();
            sent.Should().HaveCount(clients * conversationsPerClient);
            server.Journal.Should().OnlyContain(r => r.StatusCode < 500);
            server.Journal.Count(r => r.Method == "POST").Should().Be(clients * messagesPerClient);

            foreach (var ((provider, conversationId), messages) in sent)
            {
                var client = sdk[provider == SupportBotProvider.Asyntai ? 0 : 1];
                var transcript = await client.GetConversationAsync(conversationId, 100);
                transcript.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Content).Should().Equal(messages, "conversation {0} must hold every message in order", conversationId);
            }

            foreach (var provider in new[] { SupportBotProvider.Asyntai, SupportBotProvider.AgentApi })
            {
                var accepted = sent.Where(kv => kv.Key.Item1 == provider).Sum(kv => kv.Value.Count);
                accepted.Should().Be(clients / 2 * messagesPerClient);
                (await sdk[provider == SupportBotProvider.Asyntai ? 0 : 1].GetAccountAsync()).MessagesUsed.Should().Be(usageBefore[provider] + accepted);
            }
        }
        finally
        {
            foreach (var c in sdk)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public async Task Concurrent_requests_never_overdraw_a_quota()
    {
        var seed = MockSeed.Demo;
        seed.Accounts.Single(a => a.Id == "asyntai_main").QuotaUsed = 2400;
        await using var server = await Mock.StartAsync(seed: seed);
        using var client = server.CreateClient(SupportBotProvider.Asyntai, Mock.NoRetries);
        var ok = 0;
        var limited = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            try
            {
                await client.ChatAsync("How do I export my notes?", null, ct);
                Interlocked.Increment(ref ok);
            }
            catch (SupportBotQuotaExceededException)
            {
                Interlocked.Increment(ref limited);
            }
        });

        ok.Should().Be(100);
        limited.Should().Be(60);
        (await client.GetAccountAsync()).MessagesUsed.Should().Be(2500);
    }
}

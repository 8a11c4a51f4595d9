using SupportBot.Client;
using SupportBot.Client.Testing;

namespace SupportBot.Samples.ContractTests;

/// <summary>
/// The help desk against each provider's documented contracts, served by WireMock in-process (SupportBot.Client.Testing):
/// the requests and answers below are the providers' own documented examples.
/// </summary>
public sealed class HelpDeskContractTests : IDisposable
{
    private readonly SupportBotWireMock _wireMock = SupportBotWireMock.Start(SupportBotProvider.AISupportBot, SupportBotProvider.Asyntai);
    private readonly FakeTickets _tickets = new();
    private readonly FakeHumanQueue _humans = new();

    private HelpDesk Desk(SupportBotProvider provider, Action<SupportBotClientOptions>? configure = null) =>
        new(_wireMock.CreateClient(provider, o =>
        {
            o.Retry.MaxRetries = 0;   // the outage is handed over at once, not retried with delays
            configure?.Invoke(o);
        }), _tickets, _humans);

    [Fact]
    public async Task AISupportBot_answers_a_plain_question_without_a_ticket()
    {
        var answer = await Desk(SupportBotProvider.AISupportBot).AskAsync("How do I reset my password?");

        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.Null(answer.TicketId);
        Assert.False(answer.QueuedForHuman);
        Assert.Empty(_tickets.Opened);
        Assert.Empty(_wireMock.UnmatchedRequests);
    }

    [Fact]
    public async Task AISupportBot_asking_for_a_human_opens_a_ticket()
    {
        var answer = await Desk(SupportBotProvider.AISupportBot).AskAsync("Can I pay my invoice in gold bars?");

        Assert.Equal("T-1", answer.TicketId);
        Assert.Equal("Can I pay my invoice in gold bars?", Assert.Single(_tickets.Opened));
        Assert.Empty(_humans.Queued);
        Assert.Empty(_wireMock.UnmatchedRequests);
    }

    [Fact]
    public async Task AISupportBot_plan_quota_exhausted_goes_to_the_human_queue()
    {
        var desk = Desk(SupportBotProvider.AISupportBot, o =>
        {
            o.ApiKey = "ask_quota_exhausted_key";
            o.DefaultBotId = "clz_quota_exhausted";
        });

        var answer = await desk.AskAsync("How do I reset my password?");

        Assert.True(answer.QueuedForHuman);
        Assert.Equal(HelpDesk.HandedToHuman, answer.Text);
        Assert.Equal(("How do I reset my password?", "quota"), Assert.Single(_humans.Queued));
    }

    [Fact]
    public async Task Asyntai_answers_in_the_customers_session()
    {
        var answer = await Desk(SupportBotProvider.Asyntai).AskAsync("What are your business hours?", conversationId: "user_123");

        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.Null(answer.TicketId);
        Assert.False(answer.QueuedForHuman);
        Assert.Empty(_wireMock.UnmatchedRequests);
    }

    [Fact]
    public async Task Asyntai_message_limit_goes_to_the_human_queue()
    {
        var answer = await Desk(SupportBotProvider.Asyntai, o => o.ApiKey = "asyntai_quota_exhausted_key").AskAsync("What are your business hours?", "user_123");

        Assert.True(answer.QueuedForHuman);
        Assert.Equal(("What are your business hours?", "quota"), Assert.Single(_humans.Queued));
    }

    [Fact]
    public async Task Asyntai_AI_unavailable_outage_goes_to_the_human_queue()
    {
        var answer = await Desk(SupportBotProvider.Asyntai, o => o.DefaultBotId = "99").AskAsync("What are your business hours?", "user_123");

        Assert.True(answer.QueuedForHuman);
        Assert.Equal(("What are your business hours?", "outage"), Assert.Single(_humans.Queued));
    }

    [Fact]
    public async Task A_revoked_key_is_a_configuration_error_not_hidden_behind_the_human_queue()
    {
        var desk = Desk(SupportBotProvider.Asyntai, o => o.ApiKey = "asyntai_invalid_key");

        await Assert.ThrowsAsync<SupportBotAuthenticationException>(() => desk.AskAsync("What are your business hours?", "user_123"));
        Assert.Empty(_humans.Queued);
    }

    public void Dispose() => _wireMock.Dispose();

    private sealed class FakeTickets : ITicketSystem
    {
        public List<string> Opened { get; } = [];

        public string Open(string question, string conversationId)
        {
            Opened.Add(question);
            return $"T-{Opened.Count}";
        }
    }

    private sealed class FakeHumanQueue : IHumanQueue
    {
        public List<(string Question, string Reason)> Queued { get; } = [];

        public void Enqueue(string question, string reason) => Queued.Add((question, reason));
    }
}

using SupportBot.Client;

namespace SupportBot.Samples.ContractTests;

/// <summary>Where questions the bot cannot settle become tickets.</summary>
public interface ITicketSystem
{
    /// <summary>Opens a ticket and returns its id.</summary>
    string Open(string question, string conversationId);
}

/// <summary>The human agents' queue, for when the bot cannot answer at all.</summary>
public interface IHumanQueue
{
    /// <summary>Queues a question with the reason it was handed over.</summary>
    void Enqueue(string question, string reason);
}

/// <summary>What the customer sees.</summary>
/// <param name="Text">The answer, or a holding message when a human takes over.</param>
/// <param name="TicketId">The ticket opened when the bot asked for a human.</param>
/// <param name="QueuedForHuman">Whether the question went to the human queue (quota exhausted or outage).</param>
public sealed record HelpDeskAnswer(string Text, string? TicketId, bool QueuedForHuman);

/// <summary>
/// A small help desk: the bot answers; when it asks for a human, a ticket is opened; when the plan quota is exhausted or the
/// provider is down, the question goes to the human queue. A configuration mistake (bad key, wrong address) is not hidden.
/// </summary>
public sealed class HelpDesk(ISupportBotClient bot, ITicketSystem tickets, IHumanQueue humans)
{
    /// <summary>The holding message while a human takes over.</summary>
    public const string HandedToHuman = "A member of our team will get back to you shortly.";

    /// <summary>Answers one question.</summary>
    public async Task<HelpDeskAnswer> AskAsync(string question, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await bot.ChatAsync(new ChatRequest(question) { ConversationId = conversationId }, cancellationToken);
            return reply.RequiresEscalation
                ? new HelpDeskAnswer(reply.Text, tickets.Open(question, reply.ConversationId), QueuedForHuman: false)
                : new HelpDeskAnswer(reply.Text, TicketId: null, QueuedForHuman: false);
        }
        catch (SupportBotQuotaExceededException)
        {
            humans.Enqueue(question, "quota");
            return new HelpDeskAnswer(HandedToHuman, TicketId: null, QueuedForHuman: true);
        }
        catch (SupportBotException ex) when (ex.IsRetryable)
        {
            humans.Enqueue(question, "outage");
            return new HelpDeskAnswer(HandedToHuman, TicketId: null, QueuedForHuman: true);
        }
    }
}

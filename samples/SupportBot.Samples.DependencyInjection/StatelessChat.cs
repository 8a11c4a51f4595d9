using Microsoft.Extensions.AI;
using SupportBot.Client;

namespace SupportBot.Samples.DependencyInjection;

/// <summary>
/// A stateless chat loop over Microsoft.Extensions.AI, the way agent frameworks talk to a model: the app keeps the transcript and sends
/// all of it on every turn, with no conversation id. The support bot behind the <see cref="IChatClient"/> pipeline (cache, logging,
/// OpenTelemetry) still continues one server conversation, because the SDK recognizes the transcripts it answered.
/// </summary>
/// <param name="chat">The registered pipeline: <c>AddChatClient(...).UseDistributedCache().UseLogging().UseOpenTelemetry()</c>.</param>
public sealed class StatelessChat(IChatClient chat)
{
    /// <summary>Asks <paramref name="questions"/> in turn as one user's chat and returns each turn's conversation id.</summary>
    /// <param name="userId">The end user: the cache and the SDK's transcript fingerprints are per user.</param>
    /// <param name="questions">The user's messages, in order.</param>
    /// <param name="output">Where the transcript is printed.</param>
    /// <param name="cancellationToken">Cancels the chat.</param>
    /// <returns>The conversation id of every turn's response.</returns>
    public async Task<IReadOnlyList<string?>> RunAsync(string userId, IReadOnlyList<string> questions, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(output);
        var options = new ChatOptions { AdditionalProperties = new() { [SupportBotChatClient.UserIdKey] = userId } };
        List<ChatMessage> transcript = [];
        var conversations = new List<string?>();
        foreach (var question in questions)
        {
            transcript.Add(new ChatMessage(ChatRole.User, question));
            var response = await chat.GetResponseAsync(transcript, options, cancellationToken);
            transcript.AddMessages(response);
            conversations.Add(response.ConversationId);

            // Escalation is a finish reason of its own: generic code that only shows Stop answers never shows it as one.
            var shown = response.FinishReason == SupportBotChatClient.EscalationFinishReason ? "(connecting you with a human agent)" : response.Text;
            await output.WriteLineAsync($"  you: {question}");
            await output.WriteLineAsync($"  bot: {shown}   [conversation {response.ConversationId}]");
        }

        return conversations;
    }
}

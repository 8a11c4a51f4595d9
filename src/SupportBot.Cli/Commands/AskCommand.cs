using System.CommandLine;
using SupportBot.Cli.Output;
using SupportBot.Client;

namespace SupportBot.Cli.Commands;

/// <summary><c>ask "question"</c>: one answer.</summary>
internal static class AskCommand
{
    public static Command Create(CommandFactory factory)
    {
        var question = new Argument<string>("question") { Description = "The question to ask." };
        var conversation = new Option<string?>("--conversation", "-c")
        {
            Description = "Continue this conversation id (from an earlier reply) instead of starting a new one.",
            HelpName = "id",
        };
        var command = new Command("ask", "Ask one question and print the answer, its sources, confidence and escalation.") { question, conversation };
        factory.SetClientAction(command, async (context, session) =>
        {
            var text = context.ParseResult.GetValue(question) ?? string.Empty;
            var reply = await session.Client.ChatAsync(
                new ChatRequest(text) { ConversationId = context.ParseResult.GetValue(conversation) },
                context.CancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ReplyJson.From(reply), CliJson.Context.ReplyJson);
            }
            else
            {
                ReplyRenderer.Render(context.Output, reply, prefix: string.Empty, showConversation: true);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

using Spectre.Console;
using SupportBot.Cli.Output;
using SupportBot.Client;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>chat</c>: an interactive conversation that keeps its context across turns.</summary>
internal static class ChatCommand
{
    public const string Help = "commands: /new starts a new conversation, /history shows this conversation, /exit quits";

    public static Command Create(CommandFactory factory)
    {
        var command = new Command(
            "chat",
            "Chat with the bot; each line you type is one turn of the same conversation. " +
            "Shows sources, confidence and escalation. /new, /history, /exit (or end of input).");
        factory.SetClientAction(command, (context, session) => RunAsync(context, session.Client));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ISupportBotClient client)
    {
        var output = context.Output;
        var host = context.Host;
        var turns = new List<ChatTurnJson>();
        var history = new List<(string Who, string Text)>();
        string? conversationId = null;
        if (!output.Json)
        {
            output.Markup($"[grey]Chatting with {client.Provider} — {Markup.Escape(Help)}.[/]");
        }

        while (true)
        {
            if (host.IsInteractive && !output.Json)
            {
                await host.Out.WriteAsync("you> ").ConfigureAwait(false);
                await host.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            }

            string? line;
            try
            {
                line = await host.In.ReadLineAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (line is null)
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('/'))
            {
                var keyword = line.Split(' ', 2)[0].ToLowerInvariant();
                if (keyword is "/exit" or "/quit")
                {
                    break;
                }

                if (keyword == "/new")
                {
                    conversationId = null;
                    history.Clear();
                    if (!output.Json) output.Markup("[grey](new conversation)[/]");
                }
                else if (keyword == "/history")
                {
                    if (!output.Json) ShowHistory(output, conversationId, history);
                }
                else
                {
                    output.Warning($"unknown command '{keyword}'; {Help}");
                }

                continue;
            }

            try
            {
                var reply = await client.ChatAsync(new ChatRequest(line) { ConversationId = conversationId }, context.CancellationToken)
                    .ConfigureAwait(false);
                var isNew = conversationId is null;
                conversationId = reply.ConversationId;
                history.Add(("you", line));
                history.Add(("bot", reply.RequiresEscalation ? ReplyRenderer.EscalationNotice : reply.Text));
                turns.Add(new ChatTurnJson(line, ReplyJson.From(reply), null));
                if (!output.Json)
                {
                    ReplyRenderer.Render(output, reply, prefix: "bot> ", showConversation: isNew);
                }
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is SupportBotAuthenticationException or SupportBotValidationException { ParameterName: not "Message" })
            {
                // A configuration problem: no later turn can succeed.
                if (output.Json) turns.Add(new ChatTurnJson(line, null, CliOutput.ErrorBody(ex)));
                output.Error(CliErrors.OneLine(ex));
                if (output.Json) output.WriteJson(new ChatSessionJson(client.Provider.ToString(), turns), CliJson.Context.ChatSessionJson);
                return CliErrors.ExitCodeFor(ex);
            }
            catch (Exception ex) when (ex is SupportBotException or HttpRequestException)
            {
                // Rate limit, quota, provider or network failure: report and let the user try again.
                turns.Add(new ChatTurnJson(line, null, CliOutput.ErrorBody(ex)));
                output.Error(CliErrors.OneLine(ex));
            }
        }

        if (output.Json)
        {
            output.WriteJson(new ChatSessionJson(client.Provider.ToString(), turns), CliJson.Context.ChatSessionJson);
        }

        return ExitCodes.Ok;
    }

    private static void ShowHistory(CliOutput output, string? conversationId, List<(string Who, string Text)> history)
    {
        if (conversationId is null || history.Count == 0)
        {
            output.Markup("[grey](no messages yet in this conversation)[/]");
            return;
        }

        output.Markup($"[grey]conversation {Markup.Escape(conversationId)}, {history.Count} messages:[/]");
        foreach (var (who, text) in history)
        {
            output.Line($"  {who}: {text}");
        }
    }
}

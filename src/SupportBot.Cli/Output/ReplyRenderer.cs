using System.Globalization;
using Spectre.Console;
using SupportBot.Client;

namespace SupportBot.Cli.Output;

/// <summary>Shows a reply to a human: the answer (never when escalated), sources, confidence, escalation.</summary>
internal static class ReplyRenderer
{
    public const string EscalationNotice = "[escalation] The bot could not answer confidently; hand this conversation to a human agent.";

    public static void Render(CliOutput output, ChatReply reply, string prefix, bool showConversation)
    {
        var indent = new string(' ', prefix.Length);
        var headline = reply.RequiresEscalation ? EscalationNotice : reply.Text;
        if (!output.Live)
        {
            // Redirected output: plain lines, never wrapped, so scripts and logs get the whole answer on one line.
            var writer = output.Host.Out;
            writer.WriteLine(prefix + headline);
            foreach (var (label, value, _) in Details(reply, showConversation))
            {
                writer.WriteLine($"{indent}{label}: {value}");
            }

            return;
        }

        var console = output.Console;
        var body = reply.RequiresEscalation ? $"[yellow]{Markup.Escape(headline)}[/]" : Markup.Escape(headline);
        console.MarkupLine($"[bold]{Markup.Escape(prefix)}[/]{body}");
        foreach (var (label, value, color) in Details(reply, showConversation))
        {
            console.MarkupLine($"{indent}[{color}]{label}:[/] {Markup.Escape(value)}");
        }
    }

    /// <summary>The lines under the answer, with the color each label gets on a live console.</summary>
    private static IEnumerable<(string Label, string Value, string Color)> Details(ChatReply reply, bool showConversation)
    {
        foreach (var source in reply.Sources)
        {
            yield return ("source", source.Title is { Length: > 0 } t ? $"{t} ({source.DocumentId})" : source.DocumentId, "grey");
        }

        if (reply.Confidence is { } confidence)
        {
            yield return ("confidence", confidence.ToString("0.00", CultureInfo.InvariantCulture), "grey");
        }

        if (reply.QuotaWarning is { Length: > 0 } warning)
        {
            yield return ("quota warning", warning, "yellow");
        }

        if (showConversation)
        {
            yield return ("conversation", reply.ConversationId, "grey");
        }
    }
}

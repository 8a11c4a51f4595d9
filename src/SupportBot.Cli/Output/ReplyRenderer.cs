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
        if (!output.Live)
        {
            RenderPlain(output.Host.Out, reply, prefix, showConversation);
            return;
        }

        var console = output.Console;
        var indent = new string(' ', prefix.Length);
        if (reply.RequiresEscalation)
        {
            console.MarkupLine($"[bold]{Markup.Escape(prefix)}[/][yellow]{Markup.Escape(EscalationNotice)}[/]");
        }
        else
        {
            console.MarkupLine($"[bold]{Markup.Escape(prefix)}[/]{Markup.Escape(reply.Text)}");
        }

        foreach (var source in reply.Sources)
        {
            var title = source.Title is { Length: > 0 } t ? $"{t} ({source.DocumentId})" : source.DocumentId;
            console.MarkupLine($"{indent}[grey]source:[/] {Markup.Escape(title)}");
        }

        if (reply.Confidence is { } confidence)
        {
            console.MarkupLine($"{indent}[grey]confidence:[/] {confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        if (reply.QuotaWarning is { Length: > 0 } warning)
        {
            console.MarkupLine($"{indent}[yellow]quota warning:[/] {Markup.Escape(warning)}");
        }

        if (showConversation)
        {
            console.MarkupLine($"{indent}[grey]conversation:[/] {Markup.Escape(reply.ConversationId)}");
        }
    }

    // Redirected output: plain lines, never wrapped, so scripts and logs get the whole answer on one line.
    private static void RenderPlain(TextWriter writer, ChatReply reply, string prefix, bool showConversation)
    {
        var indent = new string(' ', prefix.Length);
        writer.WriteLine(prefix + (reply.RequiresEscalation ? EscalationNotice : reply.Text));
        foreach (var source in reply.Sources)
        {
            writer.WriteLine($"{indent}source: {(source.Title is { Length: > 0 } t ? $"{t} ({source.DocumentId})" : source.DocumentId)}");
        }

        if (reply.Confidence is { } confidence)
        {
            writer.WriteLine($"{indent}confidence: {confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        if (reply.QuotaWarning is { Length: > 0 } warning)
        {
            writer.WriteLine($"{indent}quota warning: {warning}");
        }

        if (showConversation)
        {
            writer.WriteLine($"{indent}conversation: {reply.ConversationId}");
        }
    }
}

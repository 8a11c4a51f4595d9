using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using SupportBot.Cli.Hosting;

namespace SupportBot.Cli.Output;

/// <summary>Where a command writes: a Spectre console for humans, one JSON document for machines, one line per error.</summary>
internal sealed class CliOutput
{
    public CliOutput(CliHost host, bool json)
    {
        Host = host;
        Json = json;
        Console = host.IsInteractive && !json
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Out) })
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(host.Out),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
        if (!host.IsInteractive)
        {
            Console.Profile.Width = host.Width;
        }
    }

    public CliHost Host { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>The human-readable console over standard output.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Whether live widgets (progress bar) may be drawn.</summary>
    public bool Live => Host.IsInteractive && !Json;

    /// <summary>Writes one JSON document to standard output.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        Host.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
        Host.Out.Flush();
    }

    /// <summary>Writes one line of plain text to standard output (no markup interpretation).</summary>
    public void Line(string text = "") => Console.WriteLine(text);

    /// <summary>Writes markup to standard output.</summary>
    public void Markup(string markup) => Console.MarkupLine(markup);

    /// <summary>Writes one <c>error: …</c> line to standard error.</summary>
    public void Error(string message)
    {
        Host.Error.WriteLine("error: " + CliErrors.Flatten(message));
        Host.Error.Flush();
    }

    /// <summary>Writes one <c>warning: …</c> line to standard error.</summary>
    public void Warning(string message)
    {
        Host.Error.WriteLine("warning: " + CliErrors.Flatten(message));
        Host.Error.Flush();
    }

    /// <summary>Reports a failure: one line on standard error, and with <c>--json</c> an error document on standard output.</summary>
    /// <returns>The exit code.</returns>
    public int Fail(Exception exception)
    {
        var exitCode = CliErrors.ExitCodeFor(exception);
        Error(CliErrors.OneLine(exception));
        if (Json)
        {
            WriteJson(new ErrorJson(ErrorBody(exception)), CliJson.Context.ErrorJson);
        }

        return exitCode;
    }

    public static ErrorBodyJson ErrorBody(Exception exception)
    {
        var sb = exception as SupportBot.Client.SupportBotException;
        return new ErrorBodyJson(
            CliErrors.CodeFor(exception),
            CliErrors.ExitCodeFor(exception),
            CliErrors.OneLine(exception),
            sb?.Provider?.ToString(),
            sb?.StatusCode,
            sb?.RetryAfter?.TotalSeconds);
    }
}

using SupportBot.Cli;
using SupportBot.Cli.Hosting;
using SupportBot.Client;

namespace SupportBot.Cli.Tests.Infrastructure;

internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

/// <summary>Runs the tool in-process with captured streams.</summary>
internal static class CliRun
{
    public static string SampleCorpus => Path.Combine(AppContext.BaseDirectory, "samples", "questions.csv");

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: "");

    public static async Task<CliResult> RunAsync(
        string[] args,
        string stdin,
        Func<SupportBotClientOptions, ISupportBotClient>? client = null,
        IReadOnlyDictionary<string, string?>? env = null,
        TextWriter? stdout = null,
        CancellationToken cancellationToken = default)
    {
        var output = stdout ?? new StringWriter();
        var error = new StringWriter();
        var host = new CliHost
        {
            In = new StringReader(stdin),
            Out = output,
            Error = error,
            Environment = env ?? new Dictionary<string, string?>(),
            IsInteractive = false,
            ClientFactory = client ?? (static o => new SupportBotClient(o)),
        };
        var exitCode = await new CliApp(host).RunAsync(args, cancellationToken);
        return new CliResult(exitCode, output.ToString()!, error.ToString());
    }

    /// <summary>Every stderr line is a one-line message, never a stack trace.</summary>
    public static void ShouldHaveNoStackTrace(this CliResult result)
    {
        result.Err.Should().NotContain("   at ", "errors are one readable line");
        result.Err.Should().NotContain("Exception:", "errors are one readable line");
        foreach (var line in result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            line.Should().MatchRegex("^(error|warning): |^Run 'supportbot --help'");
        }
    }
}

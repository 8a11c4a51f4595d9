using System.CommandLine;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;

namespace SupportBot.Cli.Commands;

/// <summary>What a running command gets: parsed global settings, output, host, cancellation.</summary>
internal sealed record CommandContext(ParseResult ParseResult, GlobalSettings Settings, CliOutput Output, CliHost Host, CancellationToken CancellationToken)
{
    public Task<ClientSession> OpenSessionAsync() => ClientSession.OpenAsync(Settings, Host, CancellationToken);
}

/// <summary>Builds command actions that share error handling and exit codes.</summary>
internal sealed class CommandFactory(CliHost host, GlobalOptions global)
{
    public CliHost Host => host;

    public GlobalOptions Global => global;

    /// <summary>Sets an action that reports any exception as one line and maps it to an exit code.</summary>
    public void SetAction(Command command, Func<CommandContext, Task<int>> body)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = new CliOutput(host, parseResult.GetValue(global.Json));
            try
            {
                var settings = global.Read(parseResult, host);
                return await body(new CommandContext(parseResult, settings, output, host, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return output.Fail(ex);
            }
        });
    }

    /// <summary>Sets an action that needs a connected client.</summary>
    public void SetClientAction(Command command, Func<CommandContext, ClientSession, Task<int>> body) =>
        SetAction(command, async context =>
        {
            var session = await context.OpenSessionAsync().ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                return await body(context, session).ConfigureAwait(false);
            }
        });
}

using System.CommandLine;
using Spectre.Console;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>mock</c>: hosts the reference server until Ctrl+C.</summary>
internal static class MockCommand
{
    public const string ReadyLine = "Mock server running. Press Ctrl+C to stop.";

    public static Command Create(CommandFactory factory)
    {
        var port = new Option<int?>("--port")
        {
            Description = "Port on 127.0.0.1 (default: a free port).",
            HelpName = "port",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } p && (p < 0 || p > 65535))
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var seed = new Option<string?>("--seed")
        {
            Description = "A seed JSON file (accounts, keys, bots, knowledge); the built-in demo seed when omitted.",
            HelpName = "file",
        };
        var command = new Command("mock", "Host the reference mock server (every provider's wire contract) until Ctrl+C; prints each provider's base URL.")
        {
            port,
            seed,
        };
        factory.SetAction(command, async context =>
        {
            var seedFile = context.ParseResult.GetValue(seed);
            if (seedFile is not null && !File.Exists(seedFile))
            {
                throw new CliUsageException($"--seed: file '{seedFile}' not found");
            }

            var server = await context.Host.MockLauncher(context.ParseResult.GetValue(port), seedFile, context.CancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                var providers = ProviderNames.All.Select(p =>
                {
                    var options = server.CreateOptions(p);
                    return new MockProviderJson(p.ToString(), server.BaseAddressFor(p).ToString(), options.ApiKey, options.DefaultBotId);
                }).ToList();
                if (context.Output.Json)
                {
                    context.Output.WriteJson(new MockJson(server.BaseAddress.ToString(), providers), CliJson.Context.MockJson);
                }
                else
                {
                    var table = new Table().Title($"SupportBot mock server at {Markup.Escape(server.BaseAddress.ToString())}")
                        .AddColumns("provider", "base URL", "demo API key", "demo bot id");
                    foreach (var p in providers)
                    {
                        table.AddRow(ReadCommands.Cell(p.Provider), ReadCommands.Cell(p.BaseAddress), ReadCommands.Cell(p.ApiKey ?? "(none)"), ReadCommands.Cell(p.BotId ?? "—"));
                    }

                    context.Output.Console.Write(table);
                    context.Output.Line(ReadyLine);
                }

                await context.Host.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                if (!context.Output.Json)
                {
                    context.Output.Line("Mock server stopped.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

using Spectre.Console;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;
using SupportBot.Client;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>capabilities</c>: the provider × operation matrix.</summary>
internal static class CapabilitiesCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = new Command("capabilities", "Show which normalized operations each provider supports (no network call).");
        factory.SetAction(command, context =>
        {
            var providers = context.Settings.Provider is { } only ? [only] : ProviderNames.All;
            var operations = ProviderCapabilities.OperationNames;
            if (context.Output.Json)
            {
                context.Output.WriteJson(
                    new CapabilitiesJson(
                        operations,
                        [.. providers.Select(p => new ProviderCapabilitiesJson(
                            p.ToString(),
                            operations.ToDictionary(o => o, o => ProviderCapabilities.For(p).Supports(o), StringComparer.Ordinal)))]),
                    CliJson.Context.CapabilitiesJson);
                return Task.FromResult(ExitCodes.Ok);
            }

            var table = new Table().Title("Provider capabilities").AddColumn("operation");
            foreach (var p in providers)
            {
                table.AddColumn(new TableColumn(p.ToString()).Centered());
            }

            foreach (var operation in operations)
            {
                var cells = new List<Spectre.Console.Rendering.IRenderable> { new Text(operation) };
                cells.AddRange(providers.Select(p => new Text(ProviderCapabilities.For(p).Supports(operation) ? "yes" : "-")));
                table.AddRow(cells);
            }

            context.Output.Console.Write(table);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

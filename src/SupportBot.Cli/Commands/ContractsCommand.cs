using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using SupportBot.Cli.Hosting;
using SupportBot.Client;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary><c>contracts export</c>: writes the providers' OpenAPI 3.1 documents (contracts/openapi, embedded in the tool).</summary>
internal static class ContractsCommand
{
    /// <summary>The folder written when <c>--output</c> is not given.</summary>
    public const string DefaultFolder = "openapi";

    /// <summary>The file name of a provider's document, e.g. <c>asyntai.yaml</c>.</summary>
    public static string FileName(SupportBotProvider provider) => provider.ToString().ToLowerInvariant() + ".yaml";

    /// <summary>The embedded document of <paramref name="provider"/>, as written in contracts/openapi.</summary>
    public static byte[] Document(SupportBotProvider provider)
    {
        var resource = "SupportBot.Cli.OpenApi." + FileName(provider);
        using var stream = typeof(ContractsCommand).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The OpenAPI document {resource} is not embedded in the tool.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static Command Create(CommandFactory factory)
    {
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The folder to write into (created when missing; default: ./{DefaultFolder}). Existing files of the same name are replaced.",
            HelpName = "folder",
        };
        var export = new Command("export", "Write each provider's OpenAPI 3.1 document (<provider>.yaml), to generate a client in any language or load into API tools; --provider writes one.")
        {
            output,
        };
        factory.SetAction(export, async context =>
        {
            var folder = Path.GetFullPath(context.ParseResult.GetValue(output) ?? DefaultFolder);
            Directory.CreateDirectory(folder);
            var providers = context.Settings.Provider is { } only ? [only] : ProviderNames.All;
            var written = new JsonArray();
            foreach (var provider in providers)
            {
                var path = Path.Combine(folder, FileName(provider));
                await File.WriteAllBytesAsync(path, Document(provider), context.CancellationToken).ConfigureAwait(false);
                written.Add(new JsonObject { ["provider"] = provider.ToString(), ["path"] = path });
                if (!context.Output.Json)
                {
                    context.Output.Line($"{provider}: {Markup.Escape(path)}");
                }
            }

            if (context.Output.Json)
            {
                context.Host.Out.WriteLine(new JsonObject { ["documents"] = written }.ToJsonString());
            }

            return ExitCodes.Ok;
        });

        return new Command("contracts", "The providers' wire contracts as OpenAPI 3.1 documents (written from the providers' own API documents).")
        {
            export,
        };
    }
}

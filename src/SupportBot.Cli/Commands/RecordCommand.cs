using System.CommandLine;
using Spectre.Console;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Recording;
using SupportBot.Client.Testing.Recording;
using Command = System.CommandLine.Command;

namespace SupportBot.Cli.Commands;

/// <summary>
/// <c>record</c>: a local proxy that records real provider traffic, scrubbed, as WireMock.org mappings (until Ctrl+C);
/// <c>record --check</c>: the secret scan of a recording (or any mapping folder).
/// </summary>
internal static class RecordCommand
{
    public const string ReadyLine = "Recording. Press Ctrl+C to stop.";

    public static Command Create(CommandFactory factory)
    {
        var upstream = new Option<string?>("--upstream")
        {
            Description = "The provider's base address to forward to, e.g. https://asyntai.com/api/v1/ (default: --base-url / SUPPORTBOT_BASE_URL).",
            HelpName = "url",
        };
        var output = new Option<string?>("--out")
        {
            Description = "The recording folder; mappings are written to <folder>/mappings/ (numbering continues after the files there).",
            HelpName = "folder",
        };
        var port = new Option<int>("--port")
        {
            Description = "The proxy's port on 127.0.0.1 (default: a free port, printed on start).",
            HelpName = "port",
        };
        port.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--port must be between 0 and 65535."); });
        var check = new Option<string?>("--check")
        {
            Description = "Scan a recording folder (or any folder of mappings) for secrets instead of recording; exit 7 when one is found.",
            HelpName = "folder",
        };
        var secrets = new Option<string[]>("--secret")
        {
            Description = "A value to scrub (record) or to look for (--check) besides the key of --api-key/SUPPORTBOT_API_KEY; repeatable.",
            HelpName = "value",
            AllowMultipleArgumentsPerToken = false,
        };
        var patterns = new Option<string[]>("--secret-pattern")
        {
            Description = "A .NET regular expression of a further secret shape (e.g. a key format the documents do not show); repeatable.",
            HelpName = "regex",
        };

        var command = new Command(
            "record",
            "Record real traffic into contract mappings: a proxy on 127.0.0.1 forwards to --upstream and saves every exchange, " +
            "scrubbed of keys, userContext/user_token and other secrets, as a WireMock.org mapping under --out (replay it with " +
            "SupportBot.Client.Testing). Point the app's BaseAddress at the printed proxy address; Ctrl+C stops with everything saved. " +
            "--check <folder> scans a recording for secrets. Exit codes: 0 ok, 2 usage, 7 --check found a secret.")
        {
            upstream, output, port, check, secrets, patterns,
        };

        factory.SetAction(command, async context =>
        {
            var parse = context.ParseResult;
            var known = (parse.GetValue(secrets) ?? []).Where(s => s.Length > 0).ToList();
            var extraPatterns = parse.GetValue(patterns) ?? [];
            if (parse.GetValue(check) is { } folder)
            {
                return Check(context, folder, [.. (context.Settings.ApiKey is { Length: > 0 } key ? [key] : Array.Empty<string>()), .. known], extraPatterns);
            }

            var provider = context.Settings.Provider
                ?? throw new CliUsageException($"record needs --provider (or {GlobalOptions.ProviderVariable}): one of {ProviderNames.Expected}");
            var upstreamText = parse.GetValue(upstream);
            Uri? upstreamUri = context.Settings.BaseUrl;
            if (upstreamText is not null && !Uri.TryCreate(upstreamText.EndsWith('/') ? upstreamText : upstreamText + "/", UriKind.Absolute, out upstreamUri))
            {
                throw new CliUsageException($"--upstream: '{upstreamText}' is not an absolute URL (e.g. https://asyntai.com/api/v1/)");
            }

            if (upstreamUri is null)
            {
                throw new CliUsageException($"record needs --upstream <url> (or --base-url / {GlobalOptions.BaseUrlVariable}): the provider's base address to forward to");
            }

            var folderOut = parse.GetValue(output) ?? throw new CliUsageException("record needs --out <folder>: where the mappings are written");
            var options = new SupportBotRecordingOptions
            {
                Provider = provider,
                Upstream = upstreamUri,
                OutputFolder = folderOut,
                ApiKey = context.Settings.ApiKey,
                RecordedBy = "supportbot record",
                TimeProvider = context.Host.TimeProvider,
            };
            foreach (var secret in known)
            {
                options.Secrets.Add(secret);
            }

            foreach (var pattern in extraPatterns)
            {
                options.SecretPatterns.Add(pattern);
            }

            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var gate = new object();
            var proxy = await RecordingProxy.StartAsync(
                options,
                parse.GetValue(port),
                context.Output.Json ? null : line => { lock (gate) { context.Output.Line("  " + line); } },
                context.CancellationToken).ConfigureAwait(false);
            await using (proxy.ConfigureAwait(false))
            {
                if (context.Output.Json)
                {
                    context.Output.WriteJson(new RecordStartedJson(provider.ToString(), proxy.Address.ToString(), upstreamUri.ToString(), Path.GetFullPath(folderOut)), RecordJsonContext.Default.RecordStartedJson);
                }
                else
                {
                    context.Output.Line($"Recording {provider}: {proxy.Address} → {upstreamUri}");
                    context.Output.Line($"Point the app's BaseAddress at {proxy.Address} (a request to {proxy.Address}chat/ goes to {upstreamUri}chat/).");
                    context.Output.Line($"Mappings go to {Path.Combine(folderOut, "mappings")}, scrubbed before they are written.");
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
            }

            var files = proxy.Handler.RecordedFiles.Select(f => Path.GetRelativePath(folderOut, f)).ToList();
            if (context.Output.Json)
            {
                context.Output.WriteJson(new RecordStoppedJson(Path.GetFullPath(folderOut), files), RecordJsonContext.Default.RecordStoppedJson);
            }
            else
            {
                context.Output.Line($"Stopped: {files.Count} exchange(s) saved under {Path.Combine(folderOut, "mappings")}.");
                context.Output.Line($"Next: review them, run 'supportbot record --check {folderOut}', commit, and replay with SupportBotWireMockOptions.RecordingFolders.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Check(CommandContext context, string folder, IReadOnlyList<string> knownSecrets, IReadOnlyList<string> patterns)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliUsageException($"--check: folder '{Path.GetFullPath(folder)}' does not exist");
        }

        IReadOnlyList<RecordingFinding> findings;
        try
        {
            findings = SupportBotRecordings.Scan(folder, knownSecrets, patterns);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        var fileCount = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Count();
        if (context.Output.Json)
        {
            context.Output.WriteJson(
                new RecordCheckJson(Path.GetFullPath(folder), findings.Count == 0, fileCount, [.. findings.Select(f => new RecordFindingJson(f.File, f.Location, f.Reason))]),
                RecordJsonContext.Default.RecordCheckJson);
        }
        else if (findings.Count == 0)
        {
            context.Output.Line($"clean: {fileCount} mapping file(s) in {folder}, no secret found.");
        }
        else
        {
            var table = new Table().Title($"{findings.Count} secret(s) in {Markup.Escape(folder)}").AddColumns("file", "where", "what");
            foreach (var f in findings)
            {
                table.AddRow(Markup.Escape(f.File), Markup.Escape(f.Location), Markup.Escape(f.Reason));
            }

            context.Output.Console.Write(table);
        }

        return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.SecretFound;
    }
}

using System.CommandLine;
using SupportBot.Cli.Commands;
using SupportBot.Cli.Hosting;
using SupportBot.Cli.Output;

namespace SupportBot.Cli;

/// <summary>The <c>supportbot</c> command tree. <see cref="Program"/> and the tests both run it in-process.</summary>
internal sealed class CliApp
{
    private readonly CliHost _host;
    private readonly GlobalOptions _global = new();
    private readonly RootCommand _root;

    public CliApp(CliHost host)
    {
        _host = host;
        _root = new RootCommand(
            "supportbot — talk to, inspect and batch-test hosted AI customer-support bots " +
            "(AISupportBot, Asyntai, ChatSupport AI, AskIA, AI Support Agent API), and host the reference mock server.\n" +
            "Exit codes: 0 ok, 1 eval below --min-pass (doctor: warnings with --strict), 2 usage, 3 authentication, 4 quota or rate limit, 5 provider or network failure, 6 doctor: a check failed, 7 record --check: a secret found.");
        _global.AddTo(_root);
        var context = new CommandFactory(_host, _global);
        _root.Add(ChatCommand.Create(context));
        _root.Add(AskCommand.Create(context));
        foreach (var command in ReadCommands.Create(context))
        {
            _root.Add(command);
        }

        _root.Add(CapabilitiesCommand.Create(context));
        _root.Add(EvalCommand.Create(context));
        _root.Add(MockCommand.Create(context));
        _root.Add(DoctorCommand.Create(context));
        _root.Add(ContractsCommand.Create(context));
        _root.Add(RecordCommand.Create(context));
    }

    public RootCommand Root => _root;

    /// <summary>Runs the tool over explicit streams; returns the exit code.</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?>? env = null,
        CancellationToken cancellationToken = default) =>
        new CliApp(new CliHost { In = stdin, Out = stdout, Error = stderr, Environment = env ?? new Dictionary<string, string?>() })
            .RunAsync(args, cancellationToken);

    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parseResult = _root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                _host.Error.WriteLine("error: " + CliErrors.Flatten(error.Message));
            }

            _host.Error.WriteLine("Run 'supportbot --help' for usage.");
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                var message = CliErrors.Flatten(parseResult.Errors[0].Message);
                new CliOutput(_host, json: true).WriteJson(
                    new ErrorJson(new ErrorBodyJson("Usage", ExitCodes.Usage, message, null, null, null)),
                    CliJson.Context.ErrorJson);
            }

            await _host.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _host.Out,
            Error = _host.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,   // Ctrl+C is turned into cancellationToken by Program.
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Commands report their own errors; this is the last line of defence: still one line, never a stack trace.
            var output = new CliOutput(_host, parseResult.GetValue(_global.Json));
            return output.Fail(ex);
        }
        finally
        {
            await _host.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await _host.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}

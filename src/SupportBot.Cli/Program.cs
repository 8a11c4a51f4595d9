using System.Text;
using SupportBot.Cli;
using SupportBot.Cli.Hosting;

if (!Console.IsOutputRedirected)
{
    Console.OutputEncoding = Encoding.UTF8;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop gracefully (the mock server shuts down, eval reports what it has). Second: let the process die.
    if (!cts.IsCancellationRequested)
    {
        e.Cancel = true;
        cts.Cancel();
    }
};

return await new CliApp(CliHost.FromConsole()).RunAsync(args, cts.Token).ConfigureAwait(false);

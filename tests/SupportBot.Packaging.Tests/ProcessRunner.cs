using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SupportBot.Packaging.Tests;

/// <summary>The outcome of one external process: everything a failed assertion needs to explain itself.</summary>
public sealed record ProcessResult(
    string CommandLine,
    string WorkingDirectory,
    int ExitCode,
    bool TimedOut,
    TimeSpan Duration,
    string StandardOutput,
    string StandardError)
{
    /// <summary>True when the process exited by itself with code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The full transcript, for assertion messages.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"""
         $ {CommandLine}
         (in {WorkingDirectory}; exit code {ExitCode}{(TimedOut ? "; KILLED AFTER TIMEOUT" : "")}; {Duration.TotalSeconds:0.0} s)
         --- stdout ---
         {StandardOutput}
         --- stderr ---
         {StandardError}
         """);
}

/// <summary>Runs external processes (dotnet, the installed tool) with redirected output and a hard timeout.</summary>
public static class ProcessRunner
{
    /// <summary>Generous: a cold pack on a loaded 2-core machine takes minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    // Set by the dotnet CLI that runs `dotnet test`; a child dotnet must find its own MSBuild and SDKs.
    private static readonly string[] InheritedMsBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("dotnet", arguments, workingDirectory);

    /// <summary>Runs <paramref name="fileName"/>, reading stdout and stderr asynchronously; kills the process tree on timeout.</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No process may outlive the test holding our output pipes open: no MSBuild node reuse, no MSBuild server,
        // no compiler server. Waiting for end-of-output would otherwise hang until those idle processes exit.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["UseSharedCompilation"] = "false";
        foreach (var name in InheritedMsBuildVariables)
        {
            startInfo.Environment.Remove(name);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);

        var commandLine = fileName + " " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();   // nothing is interactive; a prompt must fail, not hang
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = false;
        using (var cts = new CancellationTokenSource(timeout ?? DefaultTimeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // exited meanwhile
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // report what we have
                }
            }
        }

        stopwatch.Stop();
        return new ProcessResult(
            commandLine,
            workingDirectory,
            process.HasExited ? process.ExitCode : -1,
            timedOut,
            stopwatch.Elapsed,
            Read(stdout),
            Read(stderr));
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sink)
        {
            sink.AppendLine(line);
        }
    }

    private static string Read(StringBuilder sink)
    {
        lock (sink)
        {
            return sink.ToString();
        }
    }
}

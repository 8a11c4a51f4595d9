using System.Diagnostics;
using Microsoft.Playwright;

namespace SupportBot.Samples.Tests.Browser;

/// <summary>
/// Debian's <c>chromium</c> package, launched by Microsoft.Playwright through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>
/// (Playwright cannot download its own browser builds here). On a fresh machine of this kind (root, Debian) the package is
/// installed with apt-get first, so the README's one test command works; elsewhere a missing browser fails with instructions.
/// </summary>
public static class DebianChromium
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Installs Chromium when needed and possible, then launches it headless through Playwright.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        await EnsureInstalledAsync(cancellationToken);
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed: {ExecutablePath} does not exist. The browser test of the web sample needs Debian's chromium package: " +
                "run `apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH to a Chromium/Chrome binary.");
        }

        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--hide-scrollbars"],
            Timeout = 60_000,
        });
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(ExecutablePath) || Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 }
            || !string.Equals(Environment.UserName, "root", StringComparison.Ordinal) || !File.Exists("/usr/bin/apt-get"))
        {
            return;
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(ExecutablePath))
            {
                await RunAsync("/usr/bin/apt-get", ["update", "-qq"], cancellationToken);
                await RunAsync("/usr/bin/apt-get", ["install", "-y", "-qq", "chromium"], cancellationToken);
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Client;
using SupportBot.Contract.Tests.Infrastructure;

namespace SupportBot.Contract.Tests.WireMock;

/// <summary>
/// One WireMock standalone server (npm package <c>wiremock</c> 3.13.2, run with <c>java -jar</c>) for the whole test run,
/// loaded with every provider's mappings from <c>contracts/wiremock/&lt;provider&gt;/mappings</c>.
/// Installs the pinned package (<c>npm ci</c>, from package-lock.json) when the jar is missing.
/// </summary>
public sealed class WireMockFixture : IAsyncLifetime
{
    public const string WireMockVersion = "3.13.2";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _rootDir;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>For the admin API and raw replays.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string JarPath => Path.Combine(RepoPaths.WireMockContracts, "node_modules", "wiremock", "build", $"wiremock-standalone-{WireMockVersion}.jar");

    public ContractServer ContractServer => new WireMockContractServer(this);

    public Uri BaseAddressFor(SupportBotProvider provider) => new(BaseAddress, ProviderPrefixes.For(provider));

    public async Task InitializeAsync()
    {
        await EnsureJarAsync();
        _rootDir = Path.Combine(Path.GetTempPath(), "supportbot-wiremock-" + Guid.NewGuid().ToString("N"));
        var mappingsDir = Directory.CreateDirectory(Path.Combine(_rootDir, "mappings")).FullName;
        Directory.CreateDirectory(Path.Combine(_rootDir, "__files"));
        foreach (var file in MappingCatalog.Files())
        {
            var provider = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
            File.Copy(file, Path.Combine(mappingsDir, $"{provider}--{Path.GetFileName(file)}"));
        }

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var psi = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-jar", JarPath, "--bind-address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--root-dir", _rootDir, "--disable-banner" },
        };
        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException("java did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "The WireMock contract tests need Java 17 or later as 'java' on PATH (to run wiremock-standalone-" + WireMockVersion + ".jar); " +
                $"starting 'java' failed: {ex.Message}", ex);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForHealthAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await Http.PostAsync(new Uri(BaseAddress, "__admin/shutdown"), null, cts.Token);
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // fall through to Kill
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        Http.Dispose();
        if (_rootDir is not null)
        {
            try
            {
                Directory.Delete(_rootDir, recursive: true);
            }
            catch (IOException)
            {
                // temp folder; not worth failing the run
            }
        }
    }

    /// <summary>Empties the request journal.</summary>
    public async Task ResetJournalAsync()
    {
        using var response = await Http.DeleteAsync(new Uri(BaseAddress, "__admin/requests"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The request journal, oldest first: (method, url, matched, stub mapping name).</summary>
    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync()
    {
        var json = JsonNode.Parse(await Http.GetStringAsync(new Uri(BaseAddress, "__admin/requests")))!;
        var entries = json["requests"]!.AsArray()
            .Select(r => new JournalEntry(
                (string)r!["request"]!["method"]!,
                (string)r["request"]!["url"]!,
                (bool?)r["wasMatched"] ?? false,
                (string?)r["stubMapping"]?["name"]))
            .ToList();
        entries.Reverse(); // the journal is newest first
        return entries;
    }

    /// <summary>The last lines WireMock printed, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 20_000)
            {
                _output.Remove(0, _output.Length - 20_000);
            }
        }
    }

    private async Task WaitForHealthAsync()
    {
        var health = new Uri(BaseAddress, "__admin/health");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"WireMock exited with code {_process.ExitCode} before it was healthy:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await Http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"WireMock did not report healthy on {health} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{RecentOutput()}");
    }

    private static async Task EnsureJarAsync()
    {
        if (File.Exists(JarPath))
        {
            return;
        }

        // node_modules is git-ignored: install the pinned package from package-lock.json.
        var dir = RepoPaths.WireMockContracts;
        var psi = new ProcessStartInfo("npm")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "ci", "--no-audit", "--no-fund" },
        };
        Process npm;
        try
        {
            npm = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"The WireMock contract tests need npm on PATH to install the pinned 'wiremock@{WireMockVersion}' package into {dir}/node_modules " +
                $"(or run 'npm ci' there yourself); starting 'npm' failed: {ex.Message}", ex);
        }

        using (npm)
        {
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await npm.WaitForExitAsync(cts.Token);
            if (npm.ExitCode != 0 || !File.Exists(JarPath))
            {
                throw new InvalidOperationException(
                    $"'npm ci' in {dir} exited with {npm.ExitCode} and {JarPath} is {(File.Exists(JarPath) ? "present" : "missing")}:{Environment.NewLine}{await stdout}{await stderr}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One request WireMock received.</summary>
public sealed record JournalEntry(string Method, string Url, bool WasMatched, string? MappingName)
{
    public override string ToString() => $"{Method} {Url} -> {(WasMatched ? MappingName : "UNMATCHED")}";
}

/// <summary>All WireMock test classes share one server and run one after another (the journal is per test).</summary>
[CollectionDefinition(Name)]
public sealed class WireMockCollection : ICollectionFixture<WireMockFixture>
{
    public const string Name = "WireMock";
}

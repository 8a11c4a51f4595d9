using System.Globalization;
using System.Xml.Linq;

namespace SupportBot.Packaging.Tests;

/// <summary>
/// Packs the shipped packages once for the whole test class. The sources are copied to a temporary folder first and
/// packed there (into the copy's own artifacts/packages, the PackageOutputPath from Directory.Build.props), so the
/// test never writes into the repository: no bin/obj churn racing other test projects that build the same sources,
/// and no packages left in the repository's artifacts/packages. Every package gets a unique prerelease version, so the
/// machine's global packages folder cannot serve a stale SupportBot.Client 0.1.0 to the consumer.
/// </summary>
public sealed class PackagingFixture : IAsyncLifetime
{
    /// <summary>The projects that produce packages, and the package ids they produce.</summary>
    public static readonly IReadOnlyList<(string Project, string PackageId)> PackedProjects =
    [
        ("src/SupportBot.Client/SupportBot.Client.csproj", "SupportBot.Client"),
        ("src/SupportBot.Client.Extensions/SupportBot.Client.Extensions.csproj", "SupportBot.Client.Extensions"),
        ("src/SupportBot.MockServer/SupportBot.MockServer.csproj", "SupportBot.MockServer"),
        ("src/SupportBot.Client.Testing/SupportBot.Client.Testing.csproj", "SupportBot.Client.Testing"),
        ("src/SupportBot.Client.Diagnostics/SupportBot.Client.Diagnostics.csproj", "SupportBot.Client.Diagnostics"),
        ("src/SupportBot.Client.Redis/SupportBot.Client.Redis.csproj", "SupportBot.Client.Redis"),
        ("src/SupportBot.Aspire.Hosting/SupportBot.Aspire.Hosting.csproj", "SupportBot.Aspire.Hosting"),
        ("src/SupportBot.Aspire.Client/SupportBot.Aspire.Client.csproj", "SupportBot.Aspire.Client"),
        ("src/SupportBot.Cli/SupportBot.Cli.csproj", "SupportBot.Cli"),
    ];

    // The whole solution, since the pack runs at the root over SupportBot.Client.sln (samples, tests and benchmarks are
    // restored but not built: they are not packable); contracts/: SupportBot.Client.Testing embeds
    // contracts/wiremock/*/mappings/*.json; docs/: the README links point into it.
    private static readonly string[] CopiedFolders = ["src", "docs", "contracts", "samples", "tests", "benchmarks"];

    /// <summary>The folder holding SupportBot.Client.sln.</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The unique version every package is packed with.</summary>
    public string Version { get; } = string.Create(
        CultureInfo.InvariantCulture, $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmss}p{Environment.ProcessId}");

    /// <summary>Everything this fixture writes lives below this folder; deleted on dispose.</summary>
    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "supportbot-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The copy of the repository that is packed.</summary>
    public string SourceCopy => Path.Combine(WorkRoot, "repo");

    /// <summary>The local feed: the copy's artifacts/packages.</summary>
    public string Feed => Path.Combine(SourceCopy, "artifacts", "packages");

    /// <summary>The <c>dotnet pack</c> run.</summary>
    public ProcessResult Pack { get; private set; } = null!;

    /// <summary>Central package versions from the repository's Directory.Packages.props.</summary>
    public IReadOnlyDictionary<string, string> CentralVersions { get; private set; } = new Dictionary<string, string>();

    /// <summary>A fresh folder below <see cref="WorkRoot"/>.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(WorkRoot, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The path of <paramref name="packageId"/>'s .nupkg in the feed.</summary>
    public string PackagePath(string packageId) => Path.Combine(Feed, $"{packageId}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        CentralVersions = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

        CopyRepository();
        Directory.CreateDirectory(Feed);

        // The documented command: `dotnet pack -c Release` at the root, no project argument, so it packs
        // SupportBot.Client.sln (the copy's only solution file). Every project that is not a package must be skipped
        // quietly (IsPackable=false; the web sample also needs WarnOnPackingNonPackableProject=false), or this fails.
        // RunAnalyzers=false skips the code-style/CA analyzers only (source generators still run): the regular build
        // enforces them; here they would only double the compile time of a package-shape test.
        Pack = await ProcessRunner.RunAsync(
            "dotnet",
            ["pack", "-c", "Release", $"-p:Version={Version}", "-p:RunAnalyzers=false", "-nodeReuse:false"],
            SourceCopy,
            TimeSpan.FromMinutes(10));
    }

    public Task DisposeAsync()
    {
        DeleteDirectory(WorkRoot);

        // Restore and tool install extracted the unique test version into the machine's global packages folder:
        // remove exactly those versions so repeated runs do not pile up.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var (_, id) in PackedProjects)
        {
            var idFolder = Path.Combine(globalPackages, id.ToLowerInvariant());
            DeleteDirectory(Path.Combine(idFolder, Version.ToLowerInvariant()));
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                DeleteDirectory(idFolder);   // the id folder only held our test version
            }
        }

        return Task.CompletedTask;
    }

    private void CopyRepository()
    {
        Directory.CreateDirectory(SourceCopy);
        // Root files: Directory.Build.props, Directory.Packages.props, nuget.config, global.json, README.md, ...
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot))
        {
            File.Copy(file, Path.Combine(SourceCopy, Path.GetFileName(file)));
        }

        foreach (var folder in CopiedFolders)
        {
            CopyDirectory(Path.Combine(RepositoryRoot, folder), Path.Combine(SourceCopy, folder));
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj" or ".vs" or "TestResults")
            {
                continue;
            }

            CopyDirectory(directory, Path.Combine(target, name));
        }
    }

    private static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SupportBot.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SupportBot.Client.sln above {AppContext.BaseDirectory}.");
    }
}

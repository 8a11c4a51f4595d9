namespace SupportBot.OpenApi.Tests.Infrastructure;

/// <summary>Finds the repository from the test assembly's location (no absolute paths in the repo).</summary>
public static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding SupportBot.Client.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>contracts/openapi</c>.</summary>
    public static string OpenApi => Path.Combine(Root, "contracts", "openapi");

    /// <summary><c>contracts/wiremock</c>.</summary>
    public static string WireMock => Path.Combine(Root, "contracts", "wiremock");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find SupportBot.Client.sln in any parent folder of {AppContext.BaseDirectory}.");
    }
}

namespace SupportBot.Client.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The folder holding SupportBot.Client.sln, found upwards from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SupportBot.Client.sln not found above " + AppContext.BaseDirectory);
    }
}

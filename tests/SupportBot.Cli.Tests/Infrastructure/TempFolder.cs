namespace SupportBot.Cli.Tests.Infrastructure;

/// <summary>A folder under the temp path that a command writes to, deleted with the test.</summary>
internal sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

using System.Runtime.InteropServices;

namespace SupportBot.Aspire.Hosting.Internal;

/// <summary>
/// Where an AppHost run keeps API keys for its services: one file per resource in a fresh temporary folder that only this
/// user can read (0700, files 0600 on Unix), deleted when the AppHost stops. The connection string names the file
/// (<c>ApiKeyFile=…</c>), so the key itself never appears in a resource's environment, the dashboard or a log.
/// </summary>
internal sealed class SecretFiles : IDisposable
{
    private readonly object _gate = new();
    private DirectoryInfo? _directory;
    private bool _disposed;

    /// <summary>Writes (or rewrites) <paramref name="name"/>'s key and returns the file's full path.</summary>
    public string Write(string name, string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(secret);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _directory ??= CreateDirectory();
            var path = Path.Combine(_directory.FullName, name + ".key");
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(secret);
            }

            return path;
        }
    }

    /// <summary>The folder, once a key was written (tests).</summary>
    public string? DirectoryPath
    {
        get
        {
            lock (_gate)
            {
                return _directory?.FullName;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                _directory?.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is in the temporary directory and readable by this user only.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static DirectoryInfo CreateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("supportbot-aspire-");
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return directory;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace SupportBot.Benchmarks.Servers;

/// <summary>WireMock.Net in process, one stub: the chat POST with the key header, the fixed answer.</summary>
public sealed class WireMockNet : IDisposable
{
    private readonly WireMockServer _server;

    private WireMockNet(WireMockServer server, Uri root)
    {
        _server = server;
        Root = root;
    }

    public Uri Root { get; }

    public static WireMockNet Start(byte[] answer)
    {
        var port = FreePort.Next();
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        server.Given(Request.Create().WithPath(BenchSeeds.Path).UsingPost().WithHeader("X-API-Key", BenchSeeds.ApiKey))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(answer));
        return new WireMockNet(server, new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose() => _server.Stop();
}

/// <summary>The Java WireMock standalone jar (when java and the jar are present), the same stub through its admin API.</summary>
public sealed class JavaWireMock : IAsyncDisposable
{
    private readonly Process _process;

    private JavaWireMock(Process process, Uri root)
    {
        _process = process;
        Root = root;
    }

    public Uri Root { get; }

    public static string? FindJar(string[] args)
    {
        var explicitJar = Args.String(args, "--wiremock-jar") ?? Environment.GetEnvironmentVariable("WIREMOCK_JAR");
        if (explicitJar is not null)
        {
            return File.Exists(explicitJar) ? explicitJar : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var build = Path.Combine(dir.FullName, "contracts", "wiremock", "node_modules", "wiremock", "build");
            if (Directory.Exists(build))
            {
                return Directory.EnumerateFiles(build, "wiremock-standalone-*.jar").FirstOrDefault();
            }
        }

        return null;
    }

    public static async Task<JavaWireMock?> StartAsync(string jar, byte[] answer)
    {
        var java = LoadDriver.FindOnPath("java");
        if (java is null)
        {
            return null;
        }

        var port = FreePort.Next();
        var psi = new ProcessStartInfo(java) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-jar", jar, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1", "--disable-banner", "--no-request-journal" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var root = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stub = "{\"request\":{\"method\":\"POST\",\"url\":\"" + BenchSeeds.Path + "\",\"headers\":{\"X-API-Key\":{\"equalTo\":\"" + BenchSeeds.ApiKey + "\"}}},"
            + "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json; charset=utf-8\"},\"base64Body\":\"" + Convert.ToBase64String(answer) + "\"}}";

        for (var i = 0; i < 150; i++)
        {
            try
            {
                using var content = new StringContent(stub, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(root, "__admin/mappings"), content);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return new JavaWireMock(process, root);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

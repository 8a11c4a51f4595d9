using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Benchmarks.Servers;

/// <summary>One measured load run.</summary>
public sealed record LoadResult(string Tool, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Seconds <= 0 ? 0 : Requests / Seconds;
}

/// <summary>The request a run sends: path, headers and body.</summary>
public sealed record LoadRequest(string Path, IReadOnlyList<(string Name, string Value)> Headers, string Body);

/// <summary>Drives a server with wrk when it is installed, otherwise with a built-in HTTP/1.1 load generator. Loopback only.</summary>
public static partial class LoadDriver
{
    [GeneratedRegex(@"(\w+)=([0-9.]+)")]
    private static partial Regex Field();

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public static async Task<LoadResult> RunAsync(Uri root, LoadRequest request, int connections, int seconds, bool builtIn)
    {
        if (!root.IsLoopback)
        {
            throw new InvalidOperationException("Only loopback addresses are load-tested.");
        }

        var wrk = builtIn ? null : FindOnPath("wrk");
        return wrk is null
            ? await BuiltInAsync(root, request, connections, seconds)
            : await WrkAsync(wrk, root, request, connections, seconds);
    }

    private static async Task<LoadResult> WrkAsync(string wrk, Uri root, LoadRequest request, int connections, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"supportbot-compare-{Environment.ProcessId}-{request.Path.GetHashCode(StringComparison.Ordinal):x}.lua");
        var lua = new StringBuilder();
        lua.AppendLine("wrk.method = \"POST\"");
        lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        foreach (var (name, value) in request.Headers)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[\"{name}\"] = \"{value}\"");
        }

        lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.body = [[{request.Body}]]");
        lua.AppendLine("""
            function done(summary, latency, requests)
              io.write(string.format("WRK_RESULT requests=%d duration_us=%d errors=%d p50=%d p99=%d\n",
                summary.requests, summary.duration,
                summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
                latency:percentile(50), latency:percentile(99)))
            end
            """);
        await File.WriteAllTextAsync(script, lua.ToString());
        var psi = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "-s", script, new Uri(root, request.Path.TrimStart('/')).ToString() })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_RESULT", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("wrk printed no result line:\n" + output);
        var f = Field().Matches(line).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return new LoadResult("wrk", (long)f["requests"], (long)f["errors"], f["duration_us"] / 1_000_000.0, f["p50"] / 1000.0, f["p99"] / 1000.0);
    }

    /// <summary>N connections, each one HttpClient with one connection, sending back to back for the duration.</summary>
    private static async Task<LoadResult> BuiltInAsync(Uri root, LoadRequest request, int connections, int seconds)
    {
        var url = new Uri(root, request.Path.TrimStart('/'));
        var body = Encoding.UTF8.GetBytes(request.Body);
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
            using var http = new HttpClient(handler);
            var latencies = new List<long>(100_000);
            long errors = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                foreach (var (name, value) in request.Headers)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                try
                {
                    using var response = await http.SendAsync(message);
                    await response.Content.LoadIntoBufferAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        errors++;
                    }
                }
                catch (HttpRequestException)
                {
                    errors++;
                }

                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }

            return (latencies, errors);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        var all = results.SelectMany(r => r.latencies).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult("built-in", all.Length, results.Sum(r => r.errors), elapsed, Percentile(0.50), Percentile(0.99));
    }
}

internal static class Args
{
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

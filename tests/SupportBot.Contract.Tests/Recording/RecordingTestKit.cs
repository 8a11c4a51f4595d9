using System.Net;
using System.Text;
using SupportBot.Client;
using SupportBot.Client.Testing.Recording;

namespace SupportBot.Contract.Tests.Recording;

/// <summary>An upstream in memory: answers each request with what the test says and keeps what it received.</summary>
internal sealed class StubUpstream(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(string Method, string Url, string? Authorization, string? Body)> Received { get; } = [];

    public static HttpResponseMessage Json(int status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Received.Add((request.Method.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), body));
        return answer(request, Received.Count);
    }
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A temporary recording folder, deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supportbot-recording-" + Guid.NewGuid().ToString("N"));

    public string Mappings => System.IO.Path.Combine(Path, "mappings");

    /// <summary>Every byte of every file under the folder, as text.</summary>
    public string AllBytes() => string.Concat(Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public SupportBotRecordingOptions Options(SupportBotProvider provider, string upstream) => new()
    {
        Provider = provider,
        Upstream = new Uri(upstream),
        OutputFolder = Path,
        TimeProvider = new FixedClock(new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero)),
    };

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Samples.Tests.Browser;

/// <summary>
/// Debian's headless Chromium, driven over the Chrome DevTools Protocol with a plain <see cref="ClientWebSocket"/>.
/// One page target, attached in flattened session mode; commands are matched to responses by id.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _userDataDir;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _stderr = new();
    private Task? _receiveLoop;
    private int _nextId;
    private string? _sessionId;

    private Chromium(Process process, string userDataDir)
    {
        _process = process;
        _userDataDir = userDataDir;
    }

    /// <summary>Uncaught exceptions and <c>console.error</c> calls of the page.</summary>
    public IReadOnlyCollection<string> PageErrors => _pageErrors;

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>
    /// On a fresh machine of this kind (root, Debian) the test installs Debian's
    /// <c>chromium</c> itself, so the README's one test command works; elsewhere it fails with instructions.
    /// </summary>
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

    /// <summary>Starts the browser on about:blank and attaches to its page.</summary>
    public static async Task<Chromium> LaunchAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInstalledAsync(cancellationToken);
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed: {ExecutablePath} does not exist. The browser test of the web sample needs Debian's chromium package: " +
                "run `apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH to a Chromium/Chrome binary.");
        }

        var userDataDir = Directory.CreateTempSubdirectory("supportbot-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--window-size=900,760",
            $"--user-data-dir={userDataDir}", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var browser = new Chromium(process, userDataDir);
        process.ErrorDataReceived += (_, e) => { lock (browser._stderr) { browser._stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await browser.ConnectAsync(cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        // Chromium writes "<port>\n/devtools/browser/<id>" once the DevTools server listens.
        var portFile = Path.Combine(_userDataDir, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} before DevTools was ready:\n{StandardError}");
            }

            if (deadline.Elapsed > Timeout)
            {
                throw new TimeoutException($"Chromium did not write {portFile} within {Timeout.TotalSeconds} s:\n{StandardError}");
            }

            await Task.Delay(50, cancellationToken);
            try
            {
                lines = File.Exists(portFile) ? (await File.ReadAllTextAsync(portFile, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            }
            catch (IOException)
            {
                lines = []; // being written
            }
        }

        var endpoint = new Uri($"ws://127.0.0.1:{int.Parse(lines[0], CultureInfo.InvariantCulture)}{lines[1]}");
        await _socket.ConnectAsync(endpoint, cancellationToken);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true, cancellationToken);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true, cancellationToken);
        _sessionId = attached["sessionId"]!.GetValue<string>();
        await SendAsync("Page.enable", cancellationToken: cancellationToken);
        await SendAsync("Runtime.enable", cancellationToken: cancellationToken);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 900, ["height"] = 760, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken: cancellationToken);
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Sends a command to the page (or the browser) and returns its <c>result</c>; a protocol error throws.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel)
        {
            message["sessionId"] = _sessionId ?? throw new InvalidOperationException("Not attached to a page.");
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        var response = await reply.Task.WaitAsync(Timeout, cancellationToken);
        if (response["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (JSON-serializable results only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken: cancellationToken);
        if (result["exceptionDetails"] is JsonNode exception)
        {
            throw new InvalidOperationException($"Script failed: {expression}\n{exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Polls <paramref name="expression"/> until it yields a truthy value; returns it. Fails after <see cref="Timeout"/> with <paramref name="what"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string expression, string what, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        JsonNode? last = null;
        while (deadline.Elapsed < Timeout)
        {
            last = await EvaluateAsync(expression, cancellationToken);
            if (last is not null && !(last.GetValueKind() is System.Text.Json.JsonValueKind.False) && last.ToJsonString() is not ("\"\"" or "0"))
            {
                return last;
            }

            await Task.Delay(100, cancellationToken);
        }

        var page = await EvaluateAsync("document.body ? document.body.innerText : '(no body)'", cancellationToken);
        throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}. Last value: {last?.ToJsonString() ?? "null"}. Page text:\n{page}\nPage errors: {string.Join(" | ", _pageErrors)}");
    }

    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken: cancellationToken);
        if (result["errorText"] is JsonNode error)
        {
            throw new InvalidOperationException($"Navigation to {url} failed: {error}");
        }

        await WaitForAsync($"document.readyState === 'complete' && location.href === {JsonValue.Create(url.ToString()).ToJsonString()}", $"{url} to load", cancellationToken);
    }

    /// <summary>Focuses the element and types <paramref name="text"/> as keyboard input.</summary>
    public async Task TypeAsync(string selector, string text, CancellationToken cancellationToken = default)
    {
        await EvaluateAsync($"document.querySelector({Js(selector)}).focus()", cancellationToken);
        await SendAsync("Input.insertText", new JsonObject { ["text"] = text }, cancellationToken: cancellationToken);
    }

    /// <summary>Clicks the middle of the element with real mouse events.</summary>
    public async Task ClickAsync(string selector, CancellationToken cancellationToken = default)
    {
        var box = (await EvaluateAsync($"(() => {{ const r = document.querySelector({Js(selector)}).getBoundingClientRect(); return {{ x: r.x + r.width / 2, y: r.y + r.height / 2 }}; }})()", cancellationToken))!;
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type,
                ["x"] = box["x"]!.GetValue<double>(),
                ["y"] = box["y"]!.GetValue<double>(),
                ["button"] = "left",
                ["clickCount"] = 1,
            }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Writes a PNG of the viewport to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path, CancellationToken cancellationToken = default)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken: cancellationToken);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()), cancellationToken);
    }

    public static string Js(string value) => JsonValue.Create(value).ToJsonString();

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject();
                message.SetLength(0);
                if (node["id"] is JsonNode id && _pending.TryRemove(id.GetValue<int>(), out var waiter))
                {
                    waiter.TrySetResult(node);
                }
                else if (node["method"]?.GetValue<string>() is "Runtime.exceptionThrown")
                {
                    _pageErrors.Enqueue(node["params"]?["exceptionDetails"]?.ToJsonString() ?? "exception");
                }
                else if (node["method"]?.GetValue<string>() is "Runtime.consoleAPICalled" && node["params"]?["type"]?.GetValue<string>() is "error")
                {
                    _pageErrors.Enqueue(node["params"]?["args"]?.ToJsonString() ?? "console.error");
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // closing
        }
        finally
        {
            foreach (var waiter in _pending.Values)
            {
                waiter.TrySetException(new InvalidOperationException($"The DevTools connection closed.\n{StandardError}"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await SendAsync("Browser.close", browserLevel: true, cancellationToken: quick.Token);
                }
                catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or TimeoutException or WebSocketException)
                {
                    // the browser may close the socket before answering
                }
            }

            await _stop.CancelAsync();
            if (_receiveLoop is not null)
            {
                await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (!_process.HasExited)
            {
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            _socket.Dispose();
            _process.Dispose();
            _stop.Dispose();
            _sendLock.Dispose();
            try
            {
                Directory.Delete(_userDataDir, recursive: true);
            }
            catch (IOException)
            {
                // a late writer; the temp dir is cleaned up by the OS
            }
        }
    }
}

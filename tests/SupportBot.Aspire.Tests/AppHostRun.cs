using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;

namespace SupportBot.Aspire.Tests;

/// <summary>
/// One run of samples/SupportBot.Samples.AppHost through Aspire.Hosting.Testing (the orchestrator from NuGet, no dashboard),
/// recording every resource's latest snapshot and every log line (the resources' and the AppHost's own).
/// </summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    /// <summary>Generous bound for a 2-core machine shared with other builds; tests never depend on speed, only on this not hanging forever.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];

    private AppHostRun(DistributedApplication app, FakeLogCollector appHostLogs)
    {
        App = app;
        AppHostLogs = appHostLogs;
    }

    public DistributedApplication App { get; }

    public FakeLogCollector AppHostLogs { get; }

    /// <summary>Latest snapshot per resource (by resource id: a replica is its own id).</summary>
    public ConcurrentDictionary<string, ResourceEvent> Snapshots { get; } = new();

    /// <summary>Every line a resource wrote, by resource name.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Logs { get; } = new();

    public static async Task<AppHostRun> StartAsync(string[] args, params string[] waitHealthy)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SupportBot_Samples_AppHost>(args, timeout.Token);
        builder.Services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        var resources = builder.Resources.Select(r => r.Name).ToList();

        var app = await builder.BuildAsync(timeout.Token);
        var run = new AppHostRun(app, app.Services.GetFakeLogCollector());
        run._watchers.Add(Task.Run(async () =>
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(run._stop.Token))
            {
                run.Snapshots[e.ResourceId] = e;
            }
        }));
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var name in resources)
        {
            var lines = run.Logs.GetOrAdd(name, _ => new ConcurrentQueue<string>());
            run._watchers.Add(Task.Run(async () =>
            {
                await foreach (var batch in loggers.WatchAsync(name).WithCancellation(run._stop.Token))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }));
        }

        await app.StartAsync(timeout.Token);
        // Only the sample's own resources: Aspire adds hidden helpers (e.g. '<project>-rebuilder') that never start in a test.
        foreach (var name in waitHealthy)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }

        return run;
    }

    public IEnumerable<string> AllLogLines() => Logs.Values.SelectMany(q => q).Concat(AppHostLogs.GetSnapshot().Select(r => $"{r.Category} {r.Message} {r.Exception}"));

    public IEnumerable<EnvironmentVariableSnapshot> AllEnvironmentVariables() => Snapshots.Values.SelectMany(e => e.Snapshot.EnvironmentVariables);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await _stop.CancelAsync();
        await App.DisposeAsync();
        try
        {
            await Task.WhenAll(_watchers);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

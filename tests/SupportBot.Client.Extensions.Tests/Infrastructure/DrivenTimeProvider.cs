using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SupportBot.Client.Extensions.Tests.Infrastructure;

/// <summary>
/// Microsoft's <see cref="FakeTimeProvider"/> with a driver: <see cref="RunAsync{T}"/> moves the clock to the next pending
/// timer each time the code under test is parked, until the call completes. The Microsoft fake keeps the time and fires the
/// timers; this class only notes which of its timers are pending and when they are due.
/// </summary>
public sealed class DrivenTimeProvider : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly HashSet<PendingTimer> _pending = [];
    private readonly List<Func<IEnumerable<object>>> _parkingProbes = [];

    public DrivenTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>How far the clock has moved since <see cref="FakeTimeProvider.Start"/>.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PendingTimer(this, state);
        timer.Schedule(dueTime, period);
        timer.Attach(base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period));
        return timer;
    }

    /// <summary>Registers something the code under test can be parked on besides a delay timer (e.g. a hanging stub call).</summary>
    public void AddParkingProbe(Func<IEnumerable<object>> probe)
    {
        lock (_gate)
        {
            _parkingProbes.Add(probe);
        }
    }

    /// <summary>
    /// What the code under test is waiting on right now: pending delay timers (any timer whose state is not a
    /// <see cref="CancellationTokenSource"/>; those are timeouts, which wait on nothing) and the probes' objects.
    /// </summary>
    public HashSet<object> ParkedOn()
    {
        List<Func<IEnumerable<object>>> probes;
        var set = new HashSet<object>(ByReference.Instance);
        lock (_gate)
        {
            set.UnionWith(_pending.Where(t => t.State is not CancellationTokenSource));
            probes = [.. _parkingProbes];
        }

        foreach (var probe in probes)
        {
            set.UnionWith(probe());
        }

        return set;
    }

    /// <summary>Advances the Microsoft fake to the earliest pending timer (it fires it); false when no timer is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset due;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return false;
            }

            due = _pending.Min(t => t.Due!.Value);
        }

        var now = GetUtcNow();
        Advance(due > now ? due - now : TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="action"/> and, each time it is parked somewhere new (a delay timer, a hanging call), moves the
    /// clock to the next timer, until it completes. Only the fake clock decides delays and timeouts; real time is used
    /// only to wait for the code under test to reach its next parking point.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        // Start without the test framework's synchronization context, so continuations in the code under test are not
        // queued behind other tests.
        Task<T> task;
        using (WithoutSynchronizationContext())
        {
            task = action();
        }

        HashSet<object>? lastParking = null;
        while (!task.IsCompleted)
        {
            var waited = Stopwatch.StartNew();
            HashSet<object> parking;
            while (true)
            {
                if (task.IsCompleted)
                {
                    return await task;
                }

                parking = ParkedOn();
                var moved = lastParking is null || !parking.SetEquals(lastParking);
                if (parking.Count > 0 && (moved || waited.Elapsed > TimeSpan.FromSeconds(2)))
                {
                    break;
                }

                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("The code under test neither completed nor parked on the fake clock.");
                }

                await Task.WhenAny(task, Task.Delay(1));
            }

            lastParking = parking;
            using (WithoutSynchronizationContext())
            {
                AdvanceToNextTimer();
            }
        }

        return await task;
    }

    public async Task RunAsync(Func<Task> action) =>
        await RunAsync(async () =>
        {
            await action();
            return true;
        });

    private static ContextScope WithoutSynchronizationContext()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        return new ContextScope(previous);
    }

    private readonly struct ContextScope(SynchronizationContext? previous) : IDisposable
    {
        public void Dispose() => SynchronizationContext.SetSynchronizationContext(previous);
    }

    /// <summary>The Microsoft fake's timer, with its due time noted for the driver.</summary>
    private sealed class PendingTimer(DrivenTimeProvider owner, object? state) : ITimer
    {
        private ITimer? _inner;
        private bool _disposed;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; private set; }

        private TimeSpan Period { get; set; }

        public void Attach(ITimer inner)
        {
            lock (owner._gate)
            {
                if (!_disposed)
                {
                    _inner = inner;
                    return;
                }
            }

            inner.Dispose();
        }

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Note(dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime);
            }
        }

        public void Fired()
        {
            lock (owner._gate)
            {
                Note(Period > TimeSpan.Zero ? owner.GetUtcNow() + Period : null);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ITimer? inner;
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                inner = _inner;
            }

            Schedule(dueTime, period);
            return inner?.Change(dueTime, period) ?? true;
        }

        public void Dispose()
        {
            ITimer? inner;
            lock (owner._gate)
            {
                _disposed = true;
                Note(null);
                inner = _inner;
                _inner = null;
            }

            inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        private void Note(DateTimeOffset? due)
        {
            Due = due;
            if (due is null)
            {
                owner._pending.Remove(this);
            }
            else
            {
                owner._pending.Add(this);
            }
        }
    }
}

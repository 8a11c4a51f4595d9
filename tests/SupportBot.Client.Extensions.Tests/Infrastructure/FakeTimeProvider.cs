namespace SupportBot.Client.Extensions.Tests.Infrastructure;

/// <summary>
/// A manual clock (Microsoft.Extensions.TimeProvider.Testing is not available here). Timers fire only when the test
/// advances time; <see cref="AdvanceToNextTimer"/> jumps straight to the earliest pending timer.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        _now = start;
        Start = start;
    }

    public DateTimeOffset Start { get; }

    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    public void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.Due!.Value > _now)
                {
                    _now = next.Due.Value;
                }

                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Callback(next.State);
        }
    }

    /// <summary>Moves the clock to the earliest pending timer and fires it; false when no timer is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset due;
        lock (_gate)
        {
            var next = _timers.Where(t => t.Due is not null).OrderBy(t => t.Due).FirstOrDefault();
            if (next is null)
            {
                return false;
            }

            due = next.Due!.Value;
        }

        AdvanceTo(due);
        return true;
    }

    private readonly List<Func<IEnumerable<object>>> _parkingProbes = [];

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
        var set = new HashSet<object>(ReferenceEqualityComparer.Instance);
        lock (_gate)
        {
            foreach (var t in _timers)
            {
                if (t.Due is not null && t.State is not CancellationTokenSource)
                {
                    set.Add(t);
                }
            }

            probes = [.. _parkingProbes];
        }

        foreach (var probe in probes)
        {
            set.UnionWith(probe());
        }

        return set;
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
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            task = action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        HashSet<object>? lastParking = null;
        while (!task.IsCompleted)
        {
            var waited = global::System.Diagnostics.Stopwatch.StartNew();
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
            AdvanceWithoutContext();
        }

        return await task;
    }

    private bool AdvanceWithoutContext()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return AdvanceToNextTimer();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public async Task RunAsync(Func<Task> action) =>
        await RunAsync(async () =>
        {
            await action();
            return true;
        });

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    owner._timers.Add(this);
                }

                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                if (owner._timers.Remove(this))
                {
                    }
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

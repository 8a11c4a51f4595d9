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
    private long _version;

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

    /// <summary>Changes whenever a timer is created, rescheduled or disposed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Runs <paramref name="action"/> and, whenever it is parked on this clock, jumps to the next timer, until it completes.
    /// The fake clock alone decides every delay and timeout; real time is only used to let the code under test reach its next
    /// wait (a bounded wait for progress, never a timing assertion).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        // Start without the test framework's synchronization context, so continuations in the code under test run
        // inline where they can instead of being queued behind other tests.
        Task<T> task;
        var before = Version;
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

        for (var i = 0; !task.IsCompleted; i++)
        {
            if (i > 10_000)
            {
                throw new TimeoutException("The code under test neither completed nor waited on a timer.");
            }

            await Settle(task, before);
            if (task.IsCompleted)
            {
                break;
            }

            before = Version;
            if (!AdvanceWithoutContext())
            {
                await Task.WhenAny(task, Task.Delay(5));
            }
        }

        return await task;
    }

    /// <summary>Waits until the code under test completes or has reacted to the last step (timers changed) and is still.</summary>
    private async Task Settle(Task task, long before)
    {
        var started = global::System.Diagnostics.Stopwatch.GetTimestamp();
        while (!task.IsCompleted && Version == before && global::System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(500))
        {
            await Task.WhenAny(task, Task.Delay(1));
        }

        var last = Version;
        for (var stable = 0; !task.IsCompleted && stable < 3;)
        {
            await Task.WhenAny(task, Task.Delay(2));
            var now = Version;
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
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

                Interlocked.Increment(ref owner._version);
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
                    Interlocked.Increment(ref owner._version);
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

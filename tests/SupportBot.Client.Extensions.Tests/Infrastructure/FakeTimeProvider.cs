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

    /// <summary>
    /// Runs <paramref name="action"/> and, whenever it waits on this clock, jumps to the next timer, until it completes.
    /// No wall-clock waits decide anything: the clock only moves while the code under test is parked on a timer.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        var task = action();
        for (var i = 0; !task.IsCompleted; i++)
        {
            if (i > 100_000)
            {
                throw new TimeoutException("The code under test neither completed nor waited on a timer.");
            }

            // Let continuations scheduled on other threads settle before moving the clock.
            await Settle(task);
            if (task.IsCompleted)
            {
                break;
            }

            if (!AdvanceToNextTimer())
            {
                await Task.Delay(1);
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

    private static async Task Settle(Task task)
    {
        for (var j = 0; j < 20 && !task.IsCompleted; j++)
        {
            await Task.Yield();
        }

        if (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(2));
        }
    }

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
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

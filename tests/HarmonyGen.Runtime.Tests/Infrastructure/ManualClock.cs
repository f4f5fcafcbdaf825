using System;
using System.Collections.Generic;
using System.Threading;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told to; shared by the gateways of a test so they agree on "now". Its timers (a
/// gateway's provider poll) fire when <see cref="Advance"/> passes their due time, never on their own.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        var due = new List<ManualTimer>();
        lock (_gate)
        {
            _now += by;
            foreach (ManualTimer timer in _timers)
            {
                if (timer.Due is { } at && at <= _now)
                {
                    due.Add(timer);

                    // Periods that were jumped over fire once, as a timer that could not keep up would.
                    timer.Due = timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan
                        ? at + (timer.Period * (Math.Floor((_now - at) / timer.Period) + 1))
                        : null;
                }
            }
        }

        // Outside the lock and off the caller's thread, as a real timer's callback runs.
        foreach (ManualTimer timer in due)
        {
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock._now + dueTime;
                Period = period;
            }

            return true;
        }

        public void Dispose()
        {
            lock (_clock._gate)
            {
                Due = null;
                _clock._timers.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

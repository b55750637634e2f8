using Microsoft.Extensions.Time.Testing;

namespace KubeApiExporter.Tests.Integration.Fetcher;

/// <summary>
/// A fake clock that also records the due time of every timer created on it, so a test can wait until
/// the watcher has started waiting (Task.Delay on this clock) before moving time on.
/// </summary>
public sealed class TimerRecordingClock : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];

    public int TimersDue(TimeSpan dueTime)
    {
        lock (_dueTimes)
            return _dueTimes.Count(d => d == dueTime);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_dueTimes)
            _dueTimes.Add(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}

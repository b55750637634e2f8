using KubeApiExporter.Fetcher;
using KubeApiExporter.Host;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Host;

/// <summary>The board keeps each target's last failure for people, and counts restarts by their reason label.</summary>
public sealed class ResourceStatusBoardTests
{
    private static readonly WatchTarget Pods = new("pod", "", "v1", "pods", null, "", "");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ExporterMetrics _metrics = new("test");
    private readonly ResourceStatusBoard _board;

    public ResourceStatusBoardTests()
    {
        _board = new ResourceStatusBoard(_metrics, _clock);
        _board.Track(Pods);
    }

    [Fact]
    public void A_target_that_never_failed_has_no_failure()
    {
        Assert.Null(_board.LastFailure(Pods));
    }

    [Fact]
    public void Failures_in_a_row_keep_the_first_since_and_the_last_error()
    {
        var start = _clock.GetUtcNow();
        _board.Up(Pods, false);
        _board.Failed(Pods, "HTTP 403 Forbidden");
        _clock.Advance(TimeSpan.FromSeconds(3));
        _board.Failed(Pods, "connection refused");

        var failure = _board.LastFailure(Pods)!;

        Assert.Equal(new TargetFailure("connection refused", start, start.AddSeconds(3), 2, null), failure);
    }

    [Fact]
    public void Recovery_stamps_the_failure_and_the_next_failure_starts_a_new_since()
    {
        _board.Failed(Pods, "HTTP 403 Forbidden");
        _clock.Advance(TimeSpan.FromSeconds(2));
        _board.Up(Pods, true);
        var recovered = _board.LastFailure(Pods)!;
        _clock.Advance(TimeSpan.FromSeconds(10));
        _board.Failed(Pods, "no answer to a list request within 30 s");
        var next = _board.LastFailure(Pods)!;

        Assert.Equal(_clock.GetUtcNow().AddSeconds(-10), recovered.Recovered);
        Assert.Equal("HTTP 403 Forbidden", recovered.Error);
        Assert.Equal(new TargetFailure("no answer to a list request within 30 s", _clock.GetUtcNow(), _clock.GetUtcNow(), 1, null), next);
    }

    [Fact]
    public void A_403_shows_forbidden_together_with_its_error_and_a_later_outage_shows_failing()
    {
        _board.Up(Pods, false);
        _board.Unavailable(Pods, 403, "HTTP 403 Forbidden");
        var forbidden = _board.Snapshot().Single();
        _board.Failed(Pods, "connection refused");
        var failing = _board.Snapshot().Single();

        Assert.Equal((SyncState.Forbidden, "HTTP 403 Forbidden"), (forbidden.State, forbidden.LastError));
        Assert.Equal((SyncState.Failing, "connection refused"), (failing.State, failing.LastError));
        Assert.Empty(_board.Pending()); // a 403 settles the target for readiness
    }

    [Theory]
    [InlineData(WatchEnd.Closed, "closed")]
    [InlineData(WatchEnd.Expired, "expired")]
    [InlineData(WatchEnd.Corrupt, "corrupt")]
    [InlineData(WatchEnd.Error, "error")]
    [InlineData(WatchEnd.Watchdog, "watchdog")]
    [InlineData(WatchEnd.Silent, "silent")]
    public void A_restart_is_counted_under_the_lowercase_name_of_its_reason(WatchEnd reason, string label)
    {
        _board.WatchRestarted(Pods, reason);

        Assert.Equal(1, _metrics.WatchRestarts.WithLabels("pod", label).Value);
    }
}

using KubeApiExporter.Configuration;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Host;
using KubeApiExporter.Host.Http;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Http;

/// <summary>The status board's states as the watcher reports them, and the page's escaping of cluster text.</summary>
public sealed class StatusPageTests
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly WatchTarget Deployments = new("deployment", "apps", "v1", "deployments", null, "", "");

    private readonly ManualTime _time = new(T0);
    private readonly ResourceStatusBoard _board;

    public StatusPageTests()
    {
        _board = new ResourceStatusBoard(new ExporterMetrics("test"), _time);
        _board.Track(Deployments);
    }

    private TargetStatus Status => Assert.Single(_board.Snapshot());

    [Fact]
    public void A_target_goes_syncing_up_forbidden_failing_and_up_again_with_since_times()
    {
        Assert.Equal(SyncState.Syncing, Status.State);

        _time.Now = T0.AddSeconds(1);
        _board.ListRequest(Deployments, "200");
        _board.ListRequest(Deployments, "200");
        _board.Synced(Deployments, 700);
        _board.Up(Deployments, true);
        Assert.Equal(SyncState.Syncing, Status.State); // listed, not yet applied by the sink
        _board.ListApplied(Deployments);
        Assert.Equal(SyncState.Up, Status.State);
        Assert.Equal((2, 700, T0.AddSeconds(1)), (Status.LastListPages, Status.LastListObjects, Status.LastSync));

        _time.Now = T0.AddSeconds(10);
        _board.Up(Deployments, false);
        _board.Unavailable(Deployments, 403, "HTTP 403 Forbidden");
        Assert.Equal(SyncState.Forbidden, Status.State);
        Assert.Equal(T0.AddSeconds(10), Status.StateSince);

        _time.Now = T0.AddSeconds(70);
        _board.Failed(Deployments, "HttpRequestException: Connection refused (127.0.0.1:6443)");
        Assert.Equal(SyncState.Failing, Status.State);
        Assert.Equal(T0.AddSeconds(10), Status.FailingSince); // the streak started with the 403
        Assert.Equal("HttpRequestException: Connection refused (127.0.0.1:6443)", Status.LastError);

        _time.Now = T0.AddSeconds(80);
        _board.Up(Deployments, true);
        Assert.Equal(SyncState.Up, Status.State);
        Assert.Equal(T0.AddSeconds(80), Status.StateSince);
        Assert.Null(Status.FailingSince);
        Assert.Equal(T0.AddSeconds(70), Status.LastErrorAt); // still shown after recovery
    }

    [Fact]
    public void Page_escapes_everything_from_the_cluster_and_has_no_script()
    {
        var hostile = new WatchTarget("pod", "", "v1", "pods", "<b>ns</b>", "app=\"x\"&y", "");
        _board.Track(hostile);
        _board.Failed(hostile, "HTTP 500 <script>alert(1)</script>");
        var page = new StatusPage("0.1.0", "https://k8s.example/<x>", "none", _time)
            .Render(_board.Snapshot(), new ExporterConfig(), _ => 3, _ => 12, [hostile], started: true);

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("HTTP 500 &lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.Contains("in namespace &lt;b&gt;ns&lt;/b&gt;", page);
        Assert.Contains("labelSelector=app=&quot;x&quot;&amp;y", page);
        Assert.Contains("https://k8s.example/&lt;x&gt;", page);
        Assert.Contains("data-state=\"failing\"", page);
        Assert.Contains("Not ready", page);
        Assert.Contains("<a href=\"metrics\">/metrics</a>", page);
    }
}

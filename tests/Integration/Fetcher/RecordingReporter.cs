using System.Diagnostics;
using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Tests.Integration.Fetcher;

/// <summary>One call a watcher made on its <see cref="IWatchReporter"/>, e.g. ("Up", "True") or ("WatchRestarted", "closed").</summary>
public sealed record Report(string Kind, string Value, TimeSpan At)
{
    public override string ToString() => $"{At.TotalMilliseconds,6:0} ms {Kind}({Value})";
}

/// <summary>A test observer: records every report with the time since the test began.</summary>
public sealed class RecordingReporter : IWatchReporter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Report> _reports = [];

    /// <summary>Called synchronously inside the watcher's call, before it goes on.</summary>
    public Action<Report>? OnReport { get; set; }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Report> Reports
    {
        get
        {
            lock (_reports)
                return [.. _reports];
        }
    }

    public IReadOnlyList<Report> Of(string kind) => Reports.Where(r => r.Kind == kind).ToList();

    public int Count(string kind, string value) => Reports.Count(r => r.Kind == kind && r.Value == value);

    public void ListRequest(WatchTarget target, string code) => Add(nameof(ListRequest), code);

    public void Synced(WatchTarget target, int objects) => Add(nameof(Synced), objects.ToString());

    /// <summary>Recorded as an Unavailable report of the code and a Failed report of the error, as the watcher means it.</summary>
    public void Unavailable(WatchTarget target, int statusCode, string error)
    {
        Add(nameof(Unavailable), statusCode.ToString());
        Add(nameof(Failed), error);
    }

    public void Up(WatchTarget target, bool up) => Add(nameof(Up), up.ToString());

    public void Event(WatchTarget target, string type) => Add(nameof(Event), type);

    public void WatchRestarted(WatchTarget target, WatchEnd reason) => Add(nameof(WatchRestarted), reason.Label());

    public void Failed(WatchTarget target, string error) => Add(nameof(Failed), error);

    public override string ToString() => string.Join("\n", Reports);

    private void Add(string kind, string value)
    {
        var report = new Report(kind, value, _clock.Elapsed);
        lock (_reports)
            _reports.Add(report);
        OnReport?.Invoke(report);
    }
}

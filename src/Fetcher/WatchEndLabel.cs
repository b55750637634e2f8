namespace KubeApiExporter.Fetcher;

/// <summary>The metric label and log word of a <see cref="WatchEnd"/>: its name in lowercase ("closed", "silent").</summary>
public static class WatchEndLabel
{
    public static string Label(this WatchEnd end) => end switch
    {
        WatchEnd.Closed => "closed",
        WatchEnd.Expired => "expired",
        WatchEnd.Corrupt => "corrupt",
        WatchEnd.Error => "error",
        WatchEnd.Watchdog => "watchdog",
        WatchEnd.Silent => "silent",
        _ => end.ToString().ToLowerInvariant(),
    };
}

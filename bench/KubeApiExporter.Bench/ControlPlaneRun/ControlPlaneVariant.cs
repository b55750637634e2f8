namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>
/// One way of running the exporter: a label, the dll (e.g. a ReadyToRun publish) and extra
/// environment (DOTNET_ runtime knobs). Written `label[:dll=PATH][:poll=metrics][:NAME=VALUE]...`; `poll=metrics`
/// waits for every object by full /metrics scrapes every 100 ms, as the bench did before 2026-12-02 (to compare
/// the two ways of waiting in one invocation).
/// </summary>
public sealed record ControlPlaneVariant(string Label, string? Dll, IReadOnlyDictionary<string, string> Environment, bool PollMetrics = false)
{
    public static ControlPlaneVariant Parse(string text)
    {
        var parts = text.Split(':');
        string? dll = null;
        var pollMetrics = false;
        var env = new Dictionary<string, string>();
        foreach (var part in parts[1..])
        {
            var kv = part.Split('=', 2);
            if (kv[0] == "dll")
                dll = Path.GetFullPath(kv[1]);
            else if (kv[0] == "poll" && kv.Length > 1 && kv[1] == "metrics")
                pollMetrics = true;
            else
                env[kv[0]] = kv.Length > 1 ? kv[1] : "";
        }
        return new ControlPlaneVariant(parts[0], dll, env, pollMetrics);
    }
}

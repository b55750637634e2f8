namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>The measures of one run, in order, so runs print side by side as columns.</summary>
public sealed class RunResult
{
    public List<(string Measure, string Value)> Rows { get; } = [];

    public void Add(string measure, string value) => Rows.Add((measure, value));

    public string ValueOf(string measure) => Rows.FirstOrDefault(r => r.Measure == measure).Value ?? "–";
}

namespace KubeApiExporter.Flattener;

/// <summary>
/// Receives the samples of one object as the flattener walks it. The registry's renderer
/// implements it to write exposition bytes directly (no intermediate sample objects on the hot
/// path); tests implement it to collect samples.
/// </summary>
public interface ISampleSink
{
    /// <param name="metric">Full, sanitised metric name, e.g. k8s_deployment_spec_replicas.</param>
    /// <param name="help">HELP text naming the source, e.g. "spec.replicas of apps/v1 deployments". Raw (keys may hold backslashes, newlines, quotes): the exposition writer escapes it per format. Same string for every sample of a metric.</param>
    /// <param name="labels">Labels in the order README "Metric naming" gives; only valid during the call.</param>
    void Add(string metric, string help, ReadOnlySpan<Label> labels, double value);
}

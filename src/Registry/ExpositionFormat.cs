namespace KubeApiExporter.Registry;

/// <summary>The two text formats /metrics serves. They differ, for gauges, only in how HELP text is escaped.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4: HELP escapes backslash and newline.</summary>
    PrometheusText,
    /// <summary>OpenMetrics 1.0: HELP also escapes the double quote.</summary>
    OpenMetrics,
}

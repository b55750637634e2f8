using System.Text;

namespace KubeApiExporter.Configuration;

/// <summary>What <c>--check-config</c> prints: the listening port and prefix, then one line per resource.</summary>
public static class ConfigSummary
{
    /// <example>
    /// <code>
    /// port 8080, prefix k8s, 5 resources, all namespaces
    ///   deployment  apps/v1 deployments  (all namespaces)  listKeys={containers: name}
    ///   pod         v1 pods              (all namespaces)  labels={node: spec.nodeName}  labelsMetric  info=images
    /// </code>
    /// </example>
    public static string Describe(ExporterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var scope = config.Namespaces.Count == 0 ? "all namespaces" : $"namespaces {string.Join(", ", config.Namespaces)}";
        var sb = new StringBuilder();
        sb.Append(CultureInvariant($"port {config.Port}, prefix {config.Prefix}, {config.Resources.Count} resource{(config.Resources.Count == 1 ? "" : "s")}, {scope}"));

        var nameWidth = config.Resources.Select(r => r.Name.Length).DefaultIfEmpty(0).Max();
        var kindWidth = config.Resources.Select(r => Kind(r).Length).DefaultIfEmpty(0).Max();
        var rows = config.Resources.Select(r => (r, Scope: ResourceScope(r, config))).ToList();
        var scopeWidth = rows.Select(t => t.Scope.Length).DefaultIfEmpty(0).Max();
        foreach (var (r, rscope) in rows)
        {
            sb.AppendLine();
            var line = new StringBuilder()
                .Append("  ").Append(r.Name.PadRight(nameWidth))
                .Append("  ").Append(Kind(r).PadRight(kindWidth))
                .Append("  ").Append(rscope.PadRight(scopeWidth));
            if (r.LabelSelector.Length > 0) line.Append("  labelSelector=").Append(r.LabelSelector);
            if (r.FieldSelector.Length > 0) line.Append("  fieldSelector=").Append(r.FieldSelector);
            if (r.Include.Count > 0) line.Append("  include=").Append(string.Join(",", r.Include));
            if (r.Exclude.Count > 0) line.Append("  exclude=").Append(string.Join(",", r.Exclude));
            if (r.ZeroFill.Count > 0) line.Append("  zeroFill=").Append(string.Join(",", r.ZeroFill));
            if (r.Labels.Count > 0) line.Append("  labels=").Append(Map(r.Labels));
            if (r.ListKeys.Count > 0) line.Append("  listKeys=").Append(Map(r.ListKeys));
            if (r.LabelsMetric) line.Append("  labelsMetric");
            if (r.LabelsMetric && r.LabelsMetricKeys.Count > 0) line.Append('=').Append(string.Join(",", r.LabelsMetricKeys));
            if (r.AnnotationsMetric.Count > 0) line.Append("  annotationsMetric=").Append(string.Join(",", r.AnnotationsMetric));
            if (r.Info.Count > 0) line.Append("  info=").Append(string.Join(",", r.Info.Select(i => i.Metric)));
            if (r.States.Count > 0) line.Append("  states=").Append(string.Join(",", r.States.Select(State)));
            if (r.MaxSeriesPerObject != new ResourceConfig().MaxSeriesPerObject)
                line.Append("  maxSeriesPerObject=").Append(r.MaxSeriesPerObject.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sb.Append(line.ToString().TrimEnd());
        }
        return sb.ToString();
    }

    /// <summary>status.phase:phase, or status.phase:phase[5] for a state set of five values.</summary>
    private static string State(KeyValuePair<string, StateConfig> s) =>
        s.Value.Values.Count == 0 ? $"{s.Key}:{s.Value.Label}" : FormattableString.Invariant($"{s.Key}:{s.Value.Label}[{s.Value.Values.Count}]");

    private static string Kind(ResourceConfig r) => $"{r.ApiVersion} {r.Resource}";

    private static string ResourceScope(ResourceConfig r, ExporterConfig c) =>
        !r.Namespaced ? "(cluster-scoped)"
        : c.Namespaces.Count == 0 ? "(all namespaces)"
        : $"(namespaces {string.Join(",", c.Namespaces)})";

    private static string Map(Dictionary<string, string> map) =>
        "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}

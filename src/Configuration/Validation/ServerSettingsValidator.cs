namespace KubeApiExporter.Configuration;

/// <summary>The top-level settings of the process: <c>port</c> and the metric <c>prefix</c>.</summary>
internal sealed class ServerSettingsValidator(ValidationContext ctx)
{
    public ExporterConfig Apply(Dictionary<string, YNode> keys, ExporterConfig config)
    {
        if (keys.TryGetValue("port", out var port))
        {
            var p = ctx.Values.Int(port, "port", "an integer from 1 to 65535, e.g. port: 8080");
            if (p is { } n)
            {
                if (n is < 1 or > 65535) ctx.Problems.Add(port, $"port must be from 1 to 65535, e.g. port: 8080; got {n}");
                else config = config with { Port = n };
            }
        }
        if (keys.TryGetValue("prefix", out var prefix))
        {
            var s = ctx.Values.Str(prefix, "prefix", "prefix: k8s");
            if (s is not null)
            {
                if (s.Length == 0) ctx.Problems.Add(prefix, "prefix is empty: every metric needs a first segment, e.g. prefix: k8s");
                else if (!NameSyntax.MetricSegment().IsMatch(s)) ctx.Problems.Add(prefix, $"prefix '{s}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. prefix: k8s");
                else config = config with { Prefix = s };
            }
        }
        return config;
    }
}

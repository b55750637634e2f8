using System.Collections.Concurrent;
using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>
/// One metric name in the output: its HELP/TYPE header, once per format (they escape HELP
/// differently, as kube-state-metrics keeps headersTextPlain and headersOpenMetrics), and each
/// object's lines for it.
/// </summary>
internal sealed class MetricFamily
{
    private readonly byte[] _textHeader;
    private readonly byte[] _openMetricsHeader;

    /// <param name="help">Raw HELP text, as the flattener wrote it; escaped here, per format.</param>
    public MetricFamily(string name, string help)
    {
        Name = name;
        _textHeader = Header(name, ExpositionText.EscapeHelp(help, ExpositionFormat.PrometheusText));
        var openMetricsHelp = ExpositionText.EscapeHelp(help, ExpositionFormat.OpenMetrics);
        // Most HELP texts need no escape at all: then both formats share one array.
        _openMetricsHeader = ReferenceEquals(openMetricsHelp, help) ? _textHeader : Header(name, openMetricsHelp);
    }

    public string Name { get; }

    public byte[] HeaderFor(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? _openMetricsHeader : _textHeader;

    /// <summary>Written by the single store writer, enumerated lock-free by concurrent scrapes.</summary>
    public ConcurrentDictionary<StoredObject, byte[]> Members { get; } = new(ReferenceEqualityComparer.Instance);

    private static byte[] Header(string name, string escapedHelp) =>
        Encoding.UTF8.GetBytes($"# HELP {name} {escapedHelp}\n# TYPE {name} gauge\n");
}

using System.Collections.Concurrent;
using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>One metric name in the output: its HELP/TYPE header and each object's lines for it.</summary>
internal sealed class MetricFamily
{
    public MetricFamily(string name, string help)
    {
        Name = name;
        Header = Encoding.UTF8.GetBytes($"# HELP {name} {ExpositionText.EscapeHelp(help)}\n# TYPE {name} gauge\n");
    }

    public string Name { get; }
    public byte[] Header { get; }

    /// <summary>Written by the single store writer, enumerated lock-free by concurrent scrapes.</summary>
    public ConcurrentDictionary<StoredObject, byte[]> Members { get; } = new(ReferenceEqualityComparer.Instance);
}

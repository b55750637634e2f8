using System.Text.RegularExpressions;

namespace KubeApiExporter.Configuration;

/// <summary>
/// The syntax of the names exporter.yaml holds: metric name segments and label names (Prometheus),
/// namespace and resource names (DNS labels), API groups and versions (Kubernetes).
/// </summary>
internal static partial class NameSyntax
{
    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")] public static partial Regex MetricSegment();
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")] public static partial Regex DnsLabel();
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")] public static partial Regex DnsSubdomain();
    [GeneratedRegex("^v[0-9]+((alpha|beta)[0-9]+)?$")] public static partial Regex ApiVersionPart();

    /// <summary>A Prometheus label name a user may choose: names starting with '__' are reserved.</summary>
    public static bool IsLabelName(string name) =>
        MetricSegment().IsMatch(name) && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>A namespace or resource name: a DNS label of at most 63 characters.</summary>
    public static bool IsDnsLabel(string name) => DnsLabel().IsMatch(name) && name.Length <= 63;

    /// <summary>The name with every character a metric name cannot hold replaced by '_', for "e.g." in messages.</summary>
    public static string Suggest(string name)
    {
        var s = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) s = "_" + s;
        return s;
    }
}

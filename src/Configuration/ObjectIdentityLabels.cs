namespace KubeApiExporter.Configuration;

/// <summary>
/// The labels every object sample carries (README, "Metric naming"). They are defined here, not in
/// the flattener, because the config refuses them as state labels and configuration depends on
/// nothing; the flattener takes them from here.
/// </summary>
public static class ObjectIdentityLabels
{
    public const string Name = "name";
    public const string Namespace = "namespace";
}

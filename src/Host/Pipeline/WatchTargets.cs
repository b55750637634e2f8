using KubeApiExporter.Configuration;
using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>Which list+watch streams a config asks for: one per resource, or one per namespace when <c>namespaces:</c> is set.</summary>
public static class WatchTargets
{
    public static IReadOnlyList<WatchTarget> For(ExporterConfig config)
    {
        var targets = new List<WatchTarget>();
        foreach (var r in config.Resources)
        {
            if (r.Namespaced && config.Namespaces.Count > 0)
                targets.AddRange(config.Namespaces.Select(ns => Target(r, ns)));
            else
                targets.Add(Target(r, null));
        }
        return targets;
    }

    private static WatchTarget Target(ResourceConfig r, string? ns) =>
        new(r.Name, r.Group, r.Version, r.Resource, ns, r.LabelSelector, r.FieldSelector);
}

using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>Loads config text that must be refused and returns its problems as printed.</summary>
internal static class RefusedConfig
{
    public static string[] Problems(string yaml)
    {
        var r = ConfigLoader.LoadText(yaml.ReplaceLineEndings("\n"), "exporter.yaml");
        Assert.Null(r.Config);
        return r.Problems.Select(p => p.ToString()).ToArray();
    }
}

namespace KubeApiExporter.Configuration;

/// <summary>The outcome of loading exporter.yaml: either a config and no problems, or problems and no config.</summary>
public sealed class ConfigLoadResult
{
    public ConfigLoadResult(ExporterConfig? config, IReadOnlyList<ConfigProblem> problems)
    {
        Config = problems.Count == 0 ? config : null;   // never half-applied
        Problems = problems;
    }

    /// <summary>The validated config; null whenever <see cref="Problems"/> is non-empty.</summary>
    public ExporterConfig? Config { get; }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }

    public bool Ok => Problems.Count == 0;

    /// <summary>All problems, one per line, as printed at start-up and by --check-config.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Problems);
}

using KubeApiExporter.Flattener;

namespace KubeApiExporter.Host.Configuration;

/// <summary>
/// One problem in a config file, printed as <c>file:line:column: message</c> (1-based, the position of the
/// offending YAML node). Line 0 means the problem concerns the whole file (e.g. it cannot be read); it is
/// printed as <c>file: message</c>.
/// </summary>
public sealed record ConfigProblem(string File, int Line, int Column, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>The outcome of loading exporter.yaml: either a config and no problems, or problems and no config.</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(ExporterConfig? config, IReadOnlyList<ConfigProblem> problems)
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

namespace KubeApiExporter.Configuration;

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

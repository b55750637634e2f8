namespace KubeApiExporter.Configuration;

/// <summary>
/// The problems of one load, in the order the validators found them. They are printed in file order
/// (<see cref="InFileOrder"/>), so a user reads them top to bottom whichever validator found them.
/// </summary>
internal sealed class ProblemList(string file)
{
    private readonly List<ConfigProblem> _found = [];

    public int Count => _found.Count;

    public void Add(YNode at, string message) => _found.Add(new ConfigProblem(file, at.Line, at.Column, message));

    public void Add(int line, int column, string message) => _found.Add(new ConfigProblem(file, line, column, message));

    /// <summary>
    /// By line, then column; problems at one position keep the order they were found in. Positions are
    /// shared where a mapping starts at its first key (the key's own problem comes first, then what the
    /// mapping lacks) and where a YAML alias makes one node the value of two keys (ConfigProblemOrderTests).
    /// </summary>
    public List<ConfigProblem> InFileOrder() =>
        _found
            .Select((p, i) => (p, i))
            .OrderBy(t => t.p.Line).ThenBy(t => t.p.Column).ThenBy(t => t.i)
            .Select(t => t.p)
            .ToList();
}

namespace KubeApiExporter.Host.Pipeline;

/// <summary>What applying a config did to the running resources.</summary>
public sealed record ConfigChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Restarted)
{
    public override string ToString() =>
        $"added [{string.Join(", ", Added)}], removed [{string.Join(", ", Removed)}], re-listed [{string.Join(", ", Restarted)}]";
}

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// What an object's series were rendered from: its resourceVersion under one compiled rule set.
/// Equal sources render equal series, so a re-list or resync of an unchanged object costs a lookup,
/// not a flatten (at 100k pods a re-list otherwise re-renders ~1 GB only to find it unchanged).
/// </summary>
public sealed record ObjectSource(string ResourceVersion, CompiledResource Rules)
{
    // Rules compare by reference: a reload compiles new rules, and objects must then re-render.
    public bool Equals(ObjectSource? other) =>
        other is not null && ResourceVersion == other.ResourceVersion && ReferenceEquals(Rules, other.Rules);

    public override int GetHashCode() => HashCode.Combine(ResourceVersion, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Rules));
}

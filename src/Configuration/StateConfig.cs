namespace KubeApiExporter.Configuration;

/// <summary>
/// A <c>states:</c> entry: the string field at its path is exported as the value of label
/// <see cref="Label"/> on a series valued 1. With <see cref="Values"/> it is a state set: one series
/// per listed value, 1 for the current and 0 for the others (README "Strings").
/// </summary>
public sealed record StateConfig
{
    /// <summary>Label that carries the field's value, e.g. phase.</summary>
    public string Label { get; init; } = "";
    /// <summary>Empty: only the current value is exported; else every listed value, 0 or 1.</summary>
    public List<string> Values { get; init; } = [];

    /// <summary>By content: see <see cref="CollectionContent"/>.</summary>
    public bool Equals(StateConfig? other) =>
        other is not null
        && Label == other.Label
        && CollectionContent.Equal(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Label, CollectionContent.Hash(Values));
}

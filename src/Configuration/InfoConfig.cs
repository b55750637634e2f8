namespace KubeApiExporter.Configuration;

/// <summary>An <c>info:</c> entry: one series valued 1 per item of the list at <see cref="Each"/>.</summary>
public sealed record InfoConfig
{
    /// <summary>Metric suffix: k8s_&lt;resource name&gt;_&lt;metric&gt;.</summary>
    public string Metric { get; init; } = "";
    /// <summary>Dotted path of the list, e.g. spec.containers.</summary>
    public string Each { get; init; } = "";
    /// <summary>Label name -> dotted path of a string field inside each item.</summary>
    public Dictionary<string, string> Labels { get; init; } = [];

    /// <summary>By content: see <see cref="CollectionContent"/>.</summary>
    public bool Equals(InfoConfig? other) =>
        other is not null
        && Metric == other.Metric
        && Each == other.Each
        && CollectionContent.Equal(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(Metric, Each, CollectionContent.Hash(Labels));
}

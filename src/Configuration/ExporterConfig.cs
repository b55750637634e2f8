namespace KubeApiExporter.Configuration;

/// <summary>The whole <c>exporter.yaml</c>, as deserialised (README, "Configuration"); <see cref="ConfigLoader"/> validates it. Compares by content.</summary>
public sealed record ExporterConfig
{
    public int Port { get; init; } = 8080;
    public string Prefix { get; init; } = "k8s";
    public List<string> Namespaces { get; init; } = [];
    public List<ResourceConfig> Resources { get; init; } = [];

    /// <summary>By content: see <see cref="CollectionContent"/>.</summary>
    public bool Equals(ExporterConfig? other) =>
        other is not null
        && Port == other.Port
        && Prefix == other.Prefix
        && CollectionContent.Equal(Namespaces, other.Namespaces)
        && CollectionContent.Equal(Resources, other.Resources);

    public override int GetHashCode() =>
        HashCode.Combine(Port, Prefix, CollectionContent.Hash(Namespaces), CollectionContent.Hash(Resources));
}

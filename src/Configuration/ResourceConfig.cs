namespace KubeApiExporter.Configuration;

/// <summary>One entry of <c>resources:</c> in exporter.yaml (README, "Configuration").</summary>
public sealed record ResourceConfig
{
    /// <summary>Second segment of every metric of this resource: k8s_&lt;name&gt;_...</summary>
    public string Name { get; init; } = "";
    /// <summary>"v1" for the core group, "group/version" otherwise.</summary>
    public string ApiVersion { get; init; } = "";
    /// <summary>Plural, as in the API path.</summary>
    public string Resource { get; init; } = "";
    public bool Namespaced { get; init; } = true;
    public string LabelSelector { get; init; } = "";
    public string FieldSelector { get; init; } = "";
    public List<string> Include { get; init; } = [];
    public List<string> Exclude { get; init; } = [];
    public Dictionary<string, string> Labels { get; init; } = [];
    public Dictionary<string, string> ListKeys { get; init; } = [];
    public List<string> ZeroFill { get; init; } = [];
    public bool LabelsMetric { get; init; }
    /// <summary>With <see cref="LabelsMetric"/>: only metadata.labels keys matching one of these globs; empty: every key.</summary>
    public List<string> LabelsMetricKeys { get; init; } = [];
    /// <summary>metadata.annotations key globs exported by the annotations metric; empty: no annotations metric.</summary>
    public List<string> AnnotationsMetric { get; init; } = [];
    /// <summary>String field path -> the state it is exported as.</summary>
    public Dictionary<string, StateConfig> States { get; init; } = [];
    public List<InfoConfig> Info { get; init; } = [];
    /// <summary>Cardinality guard: samples of one object past this count are dropped and counted.</summary>
    public int MaxSeriesPerObject { get; init; } = 10_000;

    /// <summary>API group ("" for core) from <see cref="ApiVersion"/>.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";
    /// <summary>API version from <see cref="ApiVersion"/>.</summary>
    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>
    /// By content: see <see cref="CollectionContent"/>. Every property takes part (a unit test
    /// changes each one in turn), since a reload re-lists exactly the resources that differ.
    /// </summary>
    public bool Equals(ResourceConfig? other) =>
        other is not null
        && Name == other.Name
        && ApiVersion == other.ApiVersion
        && Resource == other.Resource
        && Namespaced == other.Namespaced
        && LabelSelector == other.LabelSelector
        && FieldSelector == other.FieldSelector
        && CollectionContent.Equal(Include, other.Include)
        && CollectionContent.Equal(Exclude, other.Exclude)
        && CollectionContent.Equal(Labels, other.Labels)
        && CollectionContent.Equal(ListKeys, other.ListKeys)
        && CollectionContent.Equal(ZeroFill, other.ZeroFill)
        && LabelsMetric == other.LabelsMetric
        && CollectionContent.Equal(LabelsMetricKeys, other.LabelsMetricKeys)
        && CollectionContent.Equal(AnnotationsMetric, other.AnnotationsMetric)
        && CollectionContent.Equal(States, other.States)
        && CollectionContent.Equal(Info, other.Info)
        && MaxSeriesPerObject == other.MaxSeriesPerObject;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(ApiVersion);
        hash.Add(Resource);
        hash.Add(Namespaced);
        hash.Add(LabelSelector);
        hash.Add(FieldSelector);
        hash.Add(CollectionContent.Hash(Include));
        hash.Add(CollectionContent.Hash(Exclude));
        hash.Add(CollectionContent.Hash(Labels));
        hash.Add(CollectionContent.Hash(ListKeys));
        hash.Add(CollectionContent.Hash(ZeroFill));
        hash.Add(LabelsMetric);
        hash.Add(CollectionContent.Hash(LabelsMetricKeys));
        hash.Add(CollectionContent.Hash(AnnotationsMetric));
        hash.Add(CollectionContent.Hash(States));
        hash.Add(CollectionContent.Hash(Info));
        hash.Add(MaxSeriesPerObject);
        return hash.ToHashCode();
    }
}

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
}

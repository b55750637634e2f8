namespace KubeApiExporter.Configuration;

/// <summary>
/// The keys each kind of mapping in exporter.yaml knows (README, "Configuration"). Unknown keys are
/// problems, and the lists feed the did-you-mean suggestions, including "this key belongs one level up/down".
/// </summary>
internal static class ConfigKeys
{
    public static readonly string[] Top = ["port", "prefix", "namespaces", "resources"];

    public static readonly string[] Resource =
    [
        "name", "apiVersion", "resource", "namespaced", "labelSelector", "fieldSelector", "include", "exclude",
        "labels", "listKeys", "zeroFill", "labelsMetric", "annotationsMetric", "info", "states", "maxSeriesPerObject",
    ];

    public static readonly string[] Info = ["metric", "each", "labels"];

    public static readonly string[] State = ["label", "values"];

    /// <summary>The shape of one resources[] entry, quoted by the messages that ask for one.</summary>
    public const string ResourceExample = "{name: pod, apiVersion: v1, resource: pods}";
}

namespace KubeApiExporter.Configuration;

/// <summary>One resources[] mapping, its known keys already read, as every resource validator sees it.</summary>
/// <param name="Where">How messages name the entry: "resources[0]".</param>
/// <param name="Prefix">The config's metric prefix, for messages that show a metric name.</param>
internal sealed record ResourceEntry(YMapping Map, Dictionary<string, YNode> Keys, int Index, string Where, string Prefix);

/// <summary>
/// One concern of a resources[] entry (identity, field rules, states, ...): reads its keys, reports
/// their problems, and returns the record with those keys applied. Keys it does not own it leaves alone.
/// </summary>
internal interface IResourceValidator
{
    ResourceConfig Apply(ResourceEntry entry, ResourceConfig resource);
}

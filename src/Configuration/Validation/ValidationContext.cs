namespace KubeApiExporter.Configuration;

/// <summary>What the validators of one load share: where problems go, and the readers of keys and values.</summary>
internal sealed class ValidationContext
{
    public ValidationContext(string file)
    {
        Problems = new ProblemList(file);
        Keys = new MappingKeys(Problems);
        Values = new YamlValues(Problems);
    }

    public ProblemList Problems { get; }
    public MappingKeys Keys { get; }
    public YamlValues Values { get; }
}

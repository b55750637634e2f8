namespace KubeApiExporter.Configuration;

/// <summary>The cardinality guard of a resource: <c>maxSeriesPerObject</c>.</summary>
internal sealed class LimitsValidator(ValidationContext ctx) : IResourceValidator
{
    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        if (entry.Keys.TryGetValue("maxSeriesPerObject", out var ms)
            && ctx.Values.Int(ms, $"{entry.Where}.maxSeriesPerObject", "an integer of at least 1, e.g. maxSeriesPerObject: 10000") is { } msv)
        {
            if (msv < 1) ctx.Problems.Add(ms, $"{entry.Where}.maxSeriesPerObject must be at least 1, e.g. maxSeriesPerObject: 10000 (the default); got {msv}");
            else r = r with { MaxSeriesPerObject = msv };
        }
        return r;
    }
}

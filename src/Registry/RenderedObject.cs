namespace KubeApiExporter.Registry;

/// <summary>
/// One object's series, rendered once as exposition lines and grouped by metric family, so that a
/// scrape only copies bytes (the kube-state-metrics approach).
/// </summary>
public sealed class RenderedObject
{
    public RenderedObject(RenderedFamily[] families, int seriesCount, int droppedSeries)
    {
        Families = families;
        SeriesCount = seriesCount;
        DroppedSeries = droppedSeries;
    }

    public RenderedFamily[] Families { get; }
    public int SeriesCount { get; }
    /// <summary>Samples cut by maxSeriesPerObject.</summary>
    public int DroppedSeries { get; }

    public static RenderedObject Empty { get; } = new([], 0, 0);
}

/// <summary>The lines of one metric family for one object (each line ends with '\n').</summary>
public readonly record struct RenderedFamily(string Name, string Help, byte[] Lines, int SeriesCount);

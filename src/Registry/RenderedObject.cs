namespace KubeApiExporter.Registry;

/// <summary>
/// One object's series, rendered once as exposition lines grouped by metric family, so that a scrape
/// only copies bytes (the kube-state-metrics approach). All lines live in one buffer, family after
/// family (one allocation an object); <see cref="Families"/> says where each family's lines are.
/// The lines are held without the metric name (the family has it; a scrape writes it before each
/// line): the name is about a third of a line's bytes.
/// </summary>
public sealed class RenderedObject
{
    public RenderedObject(byte[] text, RenderedFamily[] families, int seriesCount, int droppedSeries)
    {
        Text = text;
        Families = families;
        SeriesCount = seriesCount;
        DroppedSeries = droppedSeries;
    }

    /// <summary>Every line of the object; family i is <c>Text[Families[i].Start..][..Families[i].Length]</c>.</summary>
    public byte[] Text { get; }
    public RenderedFamily[] Families { get; }
    public int SeriesCount { get; }
    /// <summary>Samples cut by maxSeriesPerObject.</summary>
    public int DroppedSeries { get; }

    /// <summary>The lines of family <paramref name="index"/> as held: each without the metric name, each ending with '\n'.</summary>
    public ReadOnlySpan<byte> Lines(int index) => Text.AsSpan(Families[index].Start, Families[index].Length);

    /// <summary>The lines of family <paramref name="index"/> as a scrape writes them, name included.</summary>
    public string LinesText(int index)
    {
        var chunk = new ScrapeChunk(Families[index].Length * 2);
        try
        {
            chunk.WriteLines(System.Text.Encoding.UTF8.GetBytes(Families[index].Name), Lines(index), Families[index].SeriesCount);
            return System.Text.Encoding.UTF8.GetString(chunk.Written.Span);
        }
        finally
        {
            chunk.Dispose();
        }
    }

    public static RenderedObject Empty { get; } = new([], [], 0, 0);
}

/// <summary>Where the lines (without the metric name) of one metric family of one object sit in <see cref="RenderedObject.Text"/>.</summary>
public readonly record struct RenderedFamily(string Name, string Help, int Start, int Length, int SeriesCount);

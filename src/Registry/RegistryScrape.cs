namespace KubeApiExporter.Registry;

/// <summary>
/// One scrape of a <see cref="SeriesRegistry"/>: the families that had members when it began, sorted
/// by name, cut into parts of about the requested size (a large family into several slot ranges, small
/// ones together). Parts may be written on any thread and in any order; sent in index order they are
/// the exposition. Dispose it when the scrape ends.
/// </summary>
public sealed class RegistryScrape : IDisposable
{
    /// <summary>Part size: a part and its slack fit the array pool's 1 MiB bucket.</summary>
    public const int DefaultPartBytes = 960 * 1024;

    /// <summary>A buffer for one part of <see cref="DefaultPartBytes"/>.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    private readonly SeriesRegistry _registry;
    private readonly long _epoch;
    private readonly ExpositionFormat _format;
    private readonly List<Piece> _pieces = [];
    private readonly List<int> _partStarts = [];
    private int _disposed;

    // The last piece of a family reads to the end of the family's slots as they are when it is written.
    private readonly record struct Piece(MetricFamily Family, int From, int To, bool Header);

    internal RegistryScrape(SeriesRegistry registry, long epoch, ExpositionFormat format, MetricFamily[] families, int partBytes)
    {
        _registry = registry;
        _epoch = epoch;
        _format = format;
        partBytes = Math.Max(partBytes, 4096);
        long inPart = 0;
        foreach (var family in families)
        {
            if (family.Active == 0)
                continue;
            var slots = family.Slots;
            var count = Volatile.Read(ref slots.Count);
            // What the scrape writes, names included: sized on the held bytes alone, a pod part came out ~1.5×
            // the part size and outgrew its 1 MiB buffer (a copy per part: 2.7% of a scrape's CPU in a trace).
            var bytes = Written(family);
            var perSlot = Math.Max(1.0, (double)bytes / Math.Max(1, count));
            var from = 0;
            var header = true;
            do
            {
                if (inPart >= partBytes || _partStarts.Count == 0)
                {
                    _partStarts.Add(_pieces.Count);
                    inPart = 0;
                }
                var room = (int)Math.Min(int.MaxValue, Math.Max(1, (long)((partBytes - inPart) / perSlot)));
                var to = (int)Math.Min(count, (long)from + room);
                _pieces.Add(new Piece(family, from, to >= count ? int.MaxValue : to, header));
                inPart += (long)((to - from) * perSlot);
                header = false;
                from = to;
            }
            while (from < count);
        }
        EstimatedBytes = families.Sum(f => f.Active == 0 ? 0 : Written(f));
    }

    /// <summary>Parts to write, in order.</summary>
    public int PartCount => _partStarts.Count;

    private static long Written(MetricFamily family) => family.Bytes + family.Series * family.NameLength;

    /// <summary>Bytes of object lines, names included, when the scrape began (without headers).</summary>
    public long EstimatedBytes { get; }

    /// <summary>Appends part <paramref name="part"/> to <paramref name="output"/>; thread-safe, lock-free.</summary>
    public void WritePart(int part, ScrapeChunk output)
    {
        var end = part + 1 < _partStarts.Count ? _partStarts[part + 1] : _pieces.Count;
        for (var i = _partStarts[part]; i < end; i++)
        {
            var piece = _pieces[i];
            if (piece.Header)
                output.Write(piece.Family.HeaderFor(_format));
            piece.Family.CopyLines(piece.Family.Slots, piece.From, piece.To, output);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _registry.EndScrape(_epoch);
    }
}

using System.Buffers;
using KubeApiExporter.Flattener;

namespace KubeApiExporter.Registry;

/// <summary>
/// The flattener's sink on the hot path: writes each sample straight into a per-family line buffer,
/// then hands out one <see cref="RenderedObject"/>. Not thread-safe: use one per thread
/// (<see cref="ForCurrentThread"/>); buffers are reused between objects.
/// </summary>
public sealed class SeriesRenderer : ISampleSink
{
    [ThreadStatic] private static SeriesRenderer? _current;

    private readonly Dictionary<string, int> _familyIndex = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Name, string Help, ArrayBufferWriter<byte> Lines, int Count)> _families = [];
    private int _used;
    private int _seriesCount;
    private int _dropped;
    private int _maxSeries = int.MaxValue;

    public static SeriesRenderer ForCurrentThread => _current ??= new SeriesRenderer();

    /// <summary>Starts a new object; samples past <paramref name="maxSeries"/> are dropped and counted.</summary>
    public void Begin(int maxSeries)
    {
        for (var i = 0; i < _used; i++)
            _families[i].Lines.ResetWrittenCount();
        _familyIndex.Clear();
        _used = 0;
        _seriesCount = 0;
        _dropped = 0;
        _maxSeries = maxSeries;
    }

    public void Add(string metric, string help, ReadOnlySpan<Label> labels, double value)
    {
        if (_seriesCount >= _maxSeries)
        {
            _dropped++;
            return;
        }
        _seriesCount++;
        if (!_familyIndex.TryGetValue(metric, out var index))
        {
            index = _used++;
            _familyIndex[metric] = index;
            if (index == _families.Count)
                _families.Add((metric, help, new ArrayBufferWriter<byte>(256), 0));
            else
                _families[index] = (metric, help, _families[index].Lines, 0);
        }
        var entry = _families[index];
        var w = entry.Lines;
        // The line without the metric name: the registry's family writes it when scraped.
        if (labels.Length > 0)
        {
            ExpositionText.WriteByte(w, (byte)'{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    ExpositionText.WriteByte(w, (byte)',');
                ExpositionText.WriteAscii(w, labels[i].Name);
                ExpositionText.WriteAscii(w, "=\"");
                ExpositionText.WriteLabelValue(w, labels[i].Value);
                ExpositionText.WriteByte(w, (byte)'"');
            }
            ExpositionText.WriteByte(w, (byte)'}');
        }
        ExpositionText.WriteByte(w, (byte)' ');
        ExpositionText.WriteValue(w, value);
        ExpositionText.WriteByte(w, (byte)'\n');
        _families[index] = entry with { Count = entry.Count + 1 };
    }

    /// <summary>
    /// The object rendered so far: every family's lines copied into one buffer (one allocation an
    /// object, the one the registry keeps), so the per-family buffers can be reused.
    /// </summary>
    public RenderedObject Finish()
    {
        if (_used == 0)
            return _dropped == 0 ? RenderedObject.Empty : new RenderedObject([], [], 0, _dropped);
        var total = 0;
        for (var i = 0; i < _used; i++)
            total += _families[i].Lines.WrittenCount;
        var text = GC.AllocateUninitializedArray<byte>(total);
        var families = new RenderedFamily[_used];
        var at = 0;
        for (var i = 0; i < _used; i++)
        {
            var (name, help, lines, count) = _families[i];
            var written = lines.WrittenSpan;
            written.CopyTo(text.AsSpan(at));
            families[i] = new RenderedFamily(name, help, at, written.Length, count);
            at += written.Length;
        }
        return new RenderedObject(text, families, _seriesCount, _dropped);
    }
}

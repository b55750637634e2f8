using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>
/// One metric name in the output: its HELP/TYPE header, once per format (they escape HELP
/// differently, as kube-state-metrics keeps headersTextPlain and headersOpenMetrics), and its
/// members: one slot per object that has (or had, while it lives) lines in this family.
/// </summary>
/// <remarks>
/// Slots are written only by the registry's single writer and read lock-free by scrapes. A slot holds
/// the object's published <see cref="StoredLines"/> (immutable once published) and the index of this
/// family in its member table. A scrape may read the two halves of a slot from different writes; it
/// then checks that the member at that index is this family and otherwise looks it up, so it always
/// copies one consistent version of the object's lines, never a torn mix. An object keeps its slot
/// while it lives (also across updates that drop the family, so it cannot reappear further on in the
/// slot order during a scrape and be read twice); the growth of the slot arrays publishes new arrays.
/// </remarks>
internal sealed class MetricFamily
{
    private readonly byte[] _name;
    private readonly byte[] _textHeader;
    private readonly byte[] _openMetricsHeader;
    private volatile SlotTable _slots = new(4);
    private readonly Stack<int> _free = new();
    private int _active;
    private long _bytes;
    private long _series;

    /// <param name="help">Raw HELP text, as the flattener wrote it; escaped here, per format.</param>
    public MetricFamily(string name, string help)
    {
        Name = name;
        _name = Encoding.UTF8.GetBytes(name);
        _textHeader = Header(name, ExpositionText.EscapeHelp(help, ExpositionFormat.PrometheusText));
        var openMetricsHelp = ExpositionText.EscapeHelp(help, ExpositionFormat.OpenMetrics);
        // Most HELP texts need no escape at all: then both formats share one array.
        _openMetricsHeader = ReferenceEquals(openMetricsHelp, help) ? _textHeader : Header(name, openMetricsHelp);
    }

    public string Name { get; }

    public byte[] HeaderFor(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? _openMetricsHeader : _textHeader;

    /// <summary>Objects with lines in this family now (read from any thread): 0 keeps the family out of the output.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Bytes of those lines (read from any thread; for sizing scrape chunks).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>
    /// Lines held (read from any thread): a scrape writes the name before each, so the text it writes is
    /// <see cref="Bytes"/> + <see cref="Series"/> × <see cref="NameLength"/> (for pods ~1.5× the bytes held).
    /// </summary>
    public long Series => Volatile.Read(ref _series);

    public int NameLength => _name.Length;

    /// <summary>Slots handed out and not released (writer only): 0 lets the registry drop the family.</summary>
    public int Reserved { get; private set; }

    public SlotTable Slots => _slots;

    /// <summary>A slot for a new member: the last one released, else the next unused (writer only).</summary>
    public int Allocate()
    {
        Reserved++;
        if (_free.TryPop(out var slot))
            return slot;
        var table = _slots;
        if (table.Count == table.Lines.Length)
        {
            // Readers holding the old arrays keep reading consistent (if slightly old) data.
            var grown = new SlotTable(table.Lines.Length * 2);
            Array.Copy(table.Lines, grown.Lines, table.Count);
            Array.Copy(table.Index, grown.Index, table.Count);
            grown.Count = table.Count;
            _slots = table = grown;
        }
        slot = table.Count;
        Volatile.Write(ref table.Count, slot + 1);
        return slot;
    }

    /// <summary>Publishes an object's new lines in its slot (writer only).</summary>
    public void Publish(int slot, StoredLines lines, int memberIndex, int oldLength, int newLength)
    {
        var table = _slots;
        var oldSeries = SeriesIn(table.Lines[slot], table.Index[slot]);
        var newSeries = lines.Members[memberIndex].SeriesCount;
        table.Index[slot] = memberIndex;
        Volatile.Write(ref table.Lines[slot], lines);
        if (oldLength == 0 && newLength > 0)
            Volatile.Write(ref _active, _active + 1);
        else if (oldLength > 0 && newLength == 0)
            Volatile.Write(ref _active, _active - 1);
        if (oldLength != newLength)
            Volatile.Write(ref _bytes, _bytes + newLength - oldLength);
        if (oldSeries != newSeries)
            Volatile.Write(ref _series, _series + newSeries - oldSeries);
    }

    /// <summary>Series of this family in a slot's published lines (writer only: the two halves are one write's).</summary>
    private int SeriesIn(StoredLines? stored, int index) =>
        stored is not null && (uint)index < (uint)stored.Members.Length && ReferenceEquals(stored.Members[index].Family, this)
            ? stored.Members[index].SeriesCount
            : 0;

    /// <summary>Empties a slot: the object is gone (writer only). The slot stays reserved until <see cref="Release"/>.</summary>
    public void Clear(int slot, int oldLength)
    {
        var oldSeries = SeriesIn(_slots.Lines[slot], _slots.Index[slot]);
        if (oldSeries != 0)
            Volatile.Write(ref _series, _series - oldSeries);
        Volatile.Write(ref _slots.Lines[slot], null);
        if (oldLength > 0)
        {
            Volatile.Write(ref _active, _active - 1);
            Volatile.Write(ref _bytes, _bytes - oldLength);
        }
    }

    /// <summary>Returns an emptied slot for reuse (writer only).</summary>
    public void Release(int slot)
    {
        Reserved--;
        _free.Push(slot);
    }

    /// <summary>Appends the lines held in slots [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="output"/> (any thread).</summary>
    public void CopyLines(SlotTable table, int from, int to, ScrapeChunk output)
    {
        var lines = table.Lines;
        var index = table.Index;
        to = Math.Min(to, Math.Min(Volatile.Read(ref table.Count), lines.Length));
        for (var s = from; s < to; s++)
        {
            var stored = Volatile.Read(ref lines[s]);
            if (stored is null)
                continue;
            var members = stored.Members;
            var i = index[s];
            if ((uint)i >= (uint)members.Length || !ReferenceEquals(members[i].Family, this))
            {
                // The index belongs to another write than the lines: find this family in them.
                i = Array.FindIndex(members, m => ReferenceEquals(m.Family, this));
                if (i < 0)
                    continue;
            }
            ref readonly var member = ref members[i];
            if (member.Length > 0)
                output.WriteLines(_name, stored.Text.AsSpan(member.Start, member.Length), member.SeriesCount);
        }
    }

    private static byte[] Header(string name, string escapedHelp) =>
        Encoding.UTF8.GetBytes($"# HELP {name} {escapedHelp}\n# TYPE {name} gauge\n");

    /// <summary>The slot arrays; replaced, never resized in place, when they grow.</summary>
    internal sealed class SlotTable(int capacity)
    {
        public readonly StoredLines?[] Lines = new StoredLines?[capacity];
        public readonly int[] Index = new int[capacity];
        /// <summary>Slots in use or released below this: the scrape's bound.</summary>
        public int Count;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>
/// One metric name in the output: its HELP/TYPE header, once per format (they escape HELP
/// differently, as kube-state-metrics keeps headersTextPlain and headersOpenMetrics), and its
/// members: one slot per object that has (or had, while it lives) lines in this family.
/// </summary>
/// <remarks>
/// Slots are written only by the registry's single writer and read lock-free by scrapes. A slot holds
/// where the object's lines for this family are: the object's published text (immutable once
/// published), the range in it and the line count, in one struct, so a scrape walking a family reads
/// one sequential array and touches only the text itself (the walk used to go slot → published lines
/// → member table → text: three dependent cache misses a slot, half the CPU of a 100k-pod scrape).
/// A slot's fields are written under a per-slot sequence number (a seqlock): odd while the writer is
/// changing them, so a scrape that saw the number change reads the slot again and always copies one
/// consistent version, never a torn mix of two. An object keeps its slot while it lives (also across
/// updates that drop the family, so it cannot reappear further on in the slot order during a scrape
/// and be read twice); the growth of the slot array publishes a new array.
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
        if (table.Count == table.Entries.Length)
        {
            // Readers holding the old array keep reading consistent (if slightly old) data: the writer
            // no longer writes to it.
            var grown = new SlotTable(table.Entries.Length * 2);
            Array.Copy(table.Entries, grown.Entries, table.Count);
            grown.Count = table.Count;
            _slots = table = grown;
        }
        slot = table.Count;
        Volatile.Write(ref table.Count, slot + 1);
        return slot;
    }

    /// <summary>
    /// Publishes an object's lines of this family in its slot: <paramref name="length"/> bytes at
    /// <paramref name="start"/> of <paramref name="text"/>, <paramref name="series"/> lines; length 0 leaves
    /// the slot empty but held (writer only).
    /// </summary>
    public void Publish(int slot, byte[] text, int start, int length, int series)
    {
        // Scrapes copy the range without a bounds check of their own (CopyLines): it is checked here, once.
        if ((uint)start > (uint)text.Length || (uint)length > (uint)(text.Length - start))
            throw new ArgumentOutOfRangeException(nameof(length), $"lines {start}+{length} outside a text of {text.Length} bytes");
        ref var entry = ref _slots.Entries[slot];
        var oldLength = entry.Text is null ? 0 : entry.Length;
        var oldSeries = entry.Text is null ? 0 : entry.Series;
        Write(ref entry, length == 0 ? null : text, start, length, series);
        Account(oldLength, length, oldSeries, length == 0 ? 0 : series);
    }

    /// <summary>Empties a slot: the object is gone (writer only). The slot stays reserved until <see cref="Release"/>.</summary>
    public void Clear(int slot)
    {
        ref var entry = ref _slots.Entries[slot];
        if (entry.Text is null)
            return;
        var oldLength = entry.Length;
        var oldSeries = entry.Series;
        Write(ref entry, null, 0, 0, 0);
        Account(oldLength, 0, oldSeries, 0);
    }

    /// <summary>What a slot holds now; no lines: length 0 (writer only: it wrote the slot).</summary>
    public Slot Held(int slot)
    {
        var entry = _slots.Entries[slot];
        return entry.Text is null ? default : entry;
    }

    private static void Write(ref Slot entry, byte[]? text, int start, int length, int series)
    {
        Slot.BeginWrite(ref entry);
        entry.Text = text;
        entry.Start = start;
        entry.Length = length;
        entry.Series = series;
        Slot.EndWrite(ref entry);
    }

    private void Account(int oldLength, int newLength, int oldSeries, int newSeries)
    {
        if (oldLength == 0 && newLength > 0)
            Volatile.Write(ref _active, _active + 1);
        else if (oldLength > 0 && newLength == 0)
            Volatile.Write(ref _active, _active - 1);
        if (oldLength != newLength)
            Volatile.Write(ref _bytes, _bytes + newLength - oldLength);
        if (oldSeries != newSeries)
            Volatile.Write(ref _series, _series + newSeries - oldSeries);
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
        var entries = table.Entries;
        to = Math.Min(to, Math.Min(Volatile.Read(ref table.Count), entries.Length));
        for (var s = from; s < to; s++)
        {
            // The text of a slot a few ahead is asked for now, so its cache miss overlaps this slot's copy
            // (slots of one family are an object's whole text apart: no hardware prefetcher follows that).
            if (s + PrefetchDistance < to)
                Prefetch(in entries[s + PrefetchDistance]);
            ref readonly var entry = ref entries[s];
            byte[]? text;
            int start, length, series;
            var spin = new SpinWait();
            while (true)
            {
                var sequence = Volatile.Read(ref Unsafe.AsRef(in entry.Sequence));
                text = Volatile.Read(ref Unsafe.AsRef(in entry.Text));
                start = Volatile.Read(ref Unsafe.AsRef(in entry.Start));
                length = Volatile.Read(ref Unsafe.AsRef(in entry.Length));
                series = Volatile.Read(ref Unsafe.AsRef(in entry.Series));
                if ((sequence & 1) == 0 && Volatile.Read(ref Unsafe.AsRef(in entry.Sequence)) == sequence)
                    break;
                // The writer is between its first and last write of this slot (or was preempted there).
                WhileSlotBusy?.Invoke();
                spin.SpinOnce();
            }
            // Not text.AsSpan(start, length): its bounds check reads the array's length, in the cache line
            // of the array's header, which the prefetch did not load (a miss a slot, ~15 % of a scrape). The
            // range is in bounds: Publish checked it, and the seqlock gives this write's text with its range.
            if (text is not null && length > 0)
                output.WriteLines(_name, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(text), (nint)(uint)start), length), series);
        }
    }

    /// <summary>Called each time a scrape finds a slot being written, before it waits (tests: to finish that write).</summary>
    internal Action? WhileSlotBusy;

    private const int PrefetchDistance = 4;

    /// <summary>
    /// A hint to load the cache lines of a slot's text (a family's lines of one object are a few hundred
    /// bytes: the first line alone left most of the misses; past 8 lines the hardware's own streamer
    /// follows). The address may be stale (a torn read of the slot, or the GC moved the array since): a
    /// prefetch never faults and never changes what is read.
    /// </summary>
    private static unsafe void Prefetch(in Slot entry)
    {
        if (!Sse.IsSupported)
            return;
        var text = entry.Text;
        if (text is null)
            return;
        var at = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(text), (nint)(uint)entry.Start));
        var end = at + Math.Min((uint)entry.Length, 8 * 64);
        for (var line = (byte*)((nint)at & ~63); line < end; line += 64)
            Sse.Prefetch0(line);
    }

    private static byte[] Header(string name, string escapedHelp) =>
        Encoding.UTF8.GetBytes($"# HELP {name} {escapedHelp}\n# TYPE {name} gauge\n");

    /// <summary>Where one object's lines of this family are; written under <see cref="Sequence"/>.</summary>
    internal struct Slot
    {
        public int Sequence;
        public int Start;
        public int Length;
        public int Series;
        public byte[]? Text;

        /// <summary>Odd: being written. The increment is a full fence, so no field write after it is seen before it.</summary>
        public static void BeginWrite(ref Slot entry) => Interlocked.Increment(ref entry.Sequence);

        /// <summary>Even again: a release write, so every field write before it is seen before it.</summary>
        public static void EndWrite(ref Slot entry) => Volatile.Write(ref entry.Sequence, entry.Sequence + 1);
    }

    /// <summary>The slot array; replaced, never resized in place, when it grows.</summary>
    internal sealed class SlotTable(int capacity)
    {
        public readonly Slot[] Entries = new Slot[capacity];
        /// <summary>Slots in use or released below this: the scrape's bound.</summary>
        public int Count;
    }
}

namespace KubeApiExporter.Flattener;

/// <summary>
/// A grow-only map keyed by raw UTF-8 bytes, so the flattener can look up JSON property names
/// straight from the document without allocating a string per property. Reads take no lock:
/// entries are immutable and only ever written into empty slots, and a table is replaced (never
/// shrunk) on growth, so a racing reader sees either the entry or an empty slot, and a miss is
/// re-checked under the lock before anything is added.
/// </summary>
internal sealed class Utf8Map<T> where T : class
{
    private sealed class Entry(byte[] key, int hash, T value)
    {
        public readonly byte[] Key = key;
        public readonly int Hash = hash;
        public readonly T Value = value;
    }

    private readonly Lock _lock = new();
    private volatile Entry?[] _slots = new Entry?[8];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public T? Find(ReadOnlySpan<byte> key) => Find(_slots, key, Hash(key));

    /// <summary>Returns the existing value, or adds the one <paramref name="create"/> makes; a null from create adds nothing.</summary>
    public T? GetOrAdd<TState>(ReadOnlySpan<byte> key, TState state, Func<TState, T?> create)
    {
        var hash = Hash(key);
        var found = Find(_slots, key, hash);
        if (found != null)
            return found;
        lock (_lock)
        {
            var slots = _slots;
            found = Find(slots, key, hash);
            if (found != null)
                return found;
            var value = create(state);
            if (value == null)
                return null;
            if ((_count + 1) * 2 > slots.Length)
            {
                slots = Grow(slots);
                Insert(slots, new Entry(key.ToArray(), hash, value));
                _slots = slots; // publish the fully built table
            }
            else
            {
                Insert(slots, new Entry(key.ToArray(), hash, value));
            }
            Volatile.Write(ref _count, _count + 1);
            return value;
        }
    }

    private static T? Find(Entry?[] slots, ReadOnlySpan<byte> key, int hash)
    {
        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var e = Volatile.Read(ref slots[i]);
            if (e == null)
                return null; // load factor <= 1/2 guarantees an empty slot ends every probe
            if (e.Hash == hash && key.SequenceEqual(e.Key))
                return e.Value;
        }
    }

    private static void Insert(Entry?[] slots, Entry entry)
    {
        var mask = slots.Length - 1;
        var i = entry.Hash & mask;
        while (slots[i] != null)
            i = (i + 1) & mask;
        Volatile.Write(ref slots[i], entry);
    }

    private static Entry?[] Grow(Entry?[] old)
    {
        var slots = new Entry?[old.Length * 2];
        foreach (var e in old)
            if (e != null)
                Insert(slots, e);
        return slots;
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var h = new HashCode();
        h.AddBytes(key);
        return h.ToHashCode() & int.MaxValue;
    }
}

namespace KubeApiExporter.Configuration;

/// <summary>
/// Content equality for the model's lists and maps. A record compares its <c>List&lt;&gt;</c> and
/// <c>Dictionary&lt;&gt;</c> members by reference, so two loads of the same file would differ; the
/// records' Equals use these instead. Order counts, for maps too: it decides the order of labels,
/// states and info series, so a reordered map is a changed config (README, "Config reload").
/// </summary>
internal static class CollectionContent
{
    public static bool Equal<T>(List<T> a, List<T> b) => ReferenceEquals(a, b) || a.SequenceEqual(b);

    public static bool Equal<TValue>(Dictionary<string, TValue> a, Dictionary<string, TValue> b)
    {
        if (ReferenceEquals(a, b))
            return true;
        if (a.Count != b.Count)
            return false;
        var values = EqualityComparer<TValue>.Default;
        using var other = b.GetEnumerator();
        foreach (var (key, value) in a)
        {
            other.MoveNext();
            if (key != other.Current.Key || !values.Equals(value, other.Current.Value))
                return false;
        }
        return true;
    }

    public static int Hash<T>(IEnumerable<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public static int Hash<TValue>(Dictionary<string, TValue> map)
    {
        var hash = new HashCode();
        foreach (var (key, value) in map)
        {
            hash.Add(key);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }
}

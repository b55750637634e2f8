using System.Collections.Concurrent;

namespace KubeApiExporter.Registry;

/// <summary>
/// The registry of object series, in the sense of a Prometheus client's registry: it holds every
/// series and writes the exposition (prometheus-net's registry keeps only the exporter's own
/// metrics; it costs 2.3× the memory a series). Series are pre-rendered per object and per family. One writer (the pipeline's sink)
/// applies upserts, deletes and list completions; any number of scrapes read concurrently without
/// locks. An update replaces the object's whole series set, so a field that vanished takes its
/// series with it; a family left without members leaves the output (prometheus-net could not).
/// </summary>
public sealed class SeriesRegistry
{
    private readonly Dictionary<string, ResourceObjects> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    // The sorted family list is cached with the family-set version it was built from: a scrape that
    // sorts while the writer adds a family stores a list that is already stale, and a plain
    // "null means rebuild" cache would keep serving it, hiding the new family until the next change.
    private long _familiesVersion;
    private volatile SortedFamilyList? _sortedFamilies;

    private sealed record SortedFamilyList(long Version, MetricFamily[] Families);

    private sealed class ResourceObjects
    {
        public readonly Dictionary<string, StoredObject> Objects = new(StringComparer.Ordinal);
        public int SeriesCount;
    }

    /// <summary>Objects held for a resource (read from any thread).</summary>
    public int ObjectCount(string resource)
    {
        lock (_resources)
            return _resources.TryGetValue(resource, out var r) ? r.Objects.Count : 0;
    }

    /// <summary>Series held for a resource (read from any thread).</summary>
    public int SeriesCount(string resource)
    {
        lock (_resources)
            return _resources.TryGetValue(resource, out var r) ? r.SeriesCount : 0;
    }

    /// <summary>Adds or replaces an object's series. Identical lines are kept as they are (no churn).</summary>
    public ApplyOutcome Upsert(string resource, string key, string scope, long generation, RenderedObject rendered)
    {
        ResourceObjects objects;
        StoredObject? stored;
        lock (_resources)
        {
            if (!_resources.TryGetValue(resource, out objects!))
                _resources[resource] = objects = new ResourceObjects();
            if (!objects.Objects.TryGetValue(key, out stored))
                objects.Objects[key] = stored = new StoredObject(key);
        }
        stored.Scope = scope;
        stored.Generation = generation;

        int added = 0, changed = 0, removed = 0;
        var old = stored.Families;
        var families = rendered.Families;
        for (var i = 0; i < families.Length; i++)
        {
            var family = families[i];
            var previous = Find(old, family.Name);
            if (previous is { } p && p.Lines.AsSpan().SequenceEqual(family.Lines))
            {
                // Keep the published bytes and drop the equal new copy: holding both would double the
                // memory of every family an update leaves unchanged.
                families[i] = p;
                continue;
            }
            var target = _families.GetOrAdd(family.Name, static (name, help) => new MetricFamily(name, help), family.Help);
            if (target.Members.IsEmpty)
                Interlocked.Increment(ref _familiesVersion);
            target.Members[stored] = family.Lines;
            if (previous is { } q)
            {
                changed += Math.Min(q.SeriesCount, family.SeriesCount);
                added += Math.Max(0, family.SeriesCount - q.SeriesCount);
                removed += Math.Max(0, q.SeriesCount - family.SeriesCount);
            }
            else
            {
                added += family.SeriesCount;
            }
        }
        foreach (var family in old)
        {
            if (Find(rendered.Families, family.Name) is null)
            {
                RemoveMember(family.Name, stored);
                removed += family.SeriesCount;
            }
        }
        stored.Families = rendered.Families;
        lock (_resources)
        {
            objects.SeriesCount += rendered.SeriesCount - stored.SeriesCount;
            stored.SeriesCount = rendered.SeriesCount;
        }
        return new ApplyOutcome(added, removed, changed, 0);
    }

    /// <summary>
    /// A re-delivered, unchanged object: its series stand; only note that list <paramref name="generation"/>
    /// of <paramref name="scope"/> delivered it, so that list's sweep keeps it. False when the store does not hold it.
    /// </summary>
    public bool Refresh(string resource, string key, string scope, long generation)
    {
        lock (_resources)
        {
            if (!_resources.TryGetValue(resource, out var r) || !r.Objects.TryGetValue(key, out var o))
                return false;
            o.Scope = scope;
            o.Generation = generation;
            return true;
        }
    }

    /// <summary>Removes an object and all its series.</summary>
    public ApplyOutcome Delete(string resource, string key)
    {
        StoredObject? stored;
        lock (_resources)
        {
            if (!_resources.TryGetValue(resource, out var objects) || !objects.Objects.Remove(key, out stored))
                return default;
            objects.SeriesCount -= stored.SeriesCount;
        }
        return RemoveAllSeries(stored);
    }

    /// <summary>
    /// A (re-)list of <paramref name="scope"/> finished: every object of that scope not delivered by
    /// list generation <paramref name="generation"/> is gone from the API and is removed.
    /// </summary>
    public ApplyOutcome CompleteList(string resource, string scope, long generation)
    {
        List<StoredObject> stale = [];
        lock (_resources)
        {
            if (!_resources.TryGetValue(resource, out var objects))
                return default;
            foreach (var o in objects.Objects.Values)
                if (o.Scope == scope && o.Generation < generation)
                    stale.Add(o);
            foreach (var o in stale)
            {
                objects.Objects.Remove(o.Key);
                objects.SeriesCount -= o.SeriesCount;
            }
        }
        var outcome = default(ApplyOutcome);
        foreach (var o in stale)
            outcome += RemoveAllSeries(o);
        return outcome;
    }

    /// <summary>Drops a whole resource (removed from the config).</summary>
    public ApplyOutcome RemoveResource(string resource)
    {
        ResourceObjects? objects;
        lock (_resources)
        {
            if (!_resources.Remove(resource, out objects))
                return default;
        }
        var outcome = default(ApplyOutcome);
        foreach (var o in objects.Objects.Values)
            outcome += RemoveAllSeries(o);
        return outcome;
    }

    /// <summary>Writes every family with members, sorted by name, in text format 0.0.4.</summary>
    public Task WriteAsync(Stream output, CancellationToken ct) => WriteAsync(output, ExpositionFormat.PrometheusText, ct);

    /// <summary>
    /// Writes every family with members, sorted by name, in <paramref name="format"/>: the sample lines
    /// are the same in both, the headers are not. OpenMetrics' closing # EOF is the caller's to write
    /// (the self-metrics follow these families).
    /// </summary>
    public async Task WriteAsync(Stream output, ExpositionFormat format, CancellationToken ct)
    {
        var buffer = new ScrapeBuffer(output);
        foreach (var family in SortedFamilies())
        {
            if (family.Members.IsEmpty)
                continue;
            await buffer.WriteAsync(family.HeaderFor(format), ct);
            foreach (var lines in family.Members.Values)
                await buffer.WriteAsync(lines, ct);
        }
        await buffer.FlushAsync(ct);
    }

    private MetricFamily[] SortedFamilies()
    {
        var version = Interlocked.Read(ref _familiesVersion);
        var cached = _sortedFamilies;
        if (cached is not null && cached.Version == version)
            return cached.Families;
        var sorted = _families.Values.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _sortedFamilies = new SortedFamilyList(version, sorted);
        return sorted;
    }

    private ApplyOutcome RemoveAllSeries(StoredObject stored)
    {
        foreach (var family in stored.Families)
            RemoveMember(family.Name, stored);
        return new ApplyOutcome(0, stored.SeriesCount, 0, 1);
    }

    private void RemoveMember(string familyName, StoredObject stored)
    {
        if (!_families.TryGetValue(familyName, out var family))
            return;
        family.Members.TryRemove(stored, out _);
        if (family.Members.IsEmpty && _families.TryRemove(familyName, out _))
            Interlocked.Increment(ref _familiesVersion);
    }

    private static RenderedFamily? Find(RenderedFamily[] families, string name)
    {
        // Families of one object are few (tens); a linear scan beats building a dictionary per update.
        foreach (var f in families)
            if (ReferenceEquals(f.Name, name) || f.Name == name)
                return f;
        return null;
    }
}

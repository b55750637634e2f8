using System.Collections.Concurrent;

namespace KubeApiExporter.Registry;

/// <summary>
/// The registry of object series, in the sense of a Prometheus client's registry: it holds every
/// series and writes the exposition (prometheus-net's registry keeps only the exporter's own
/// metrics; it costs 2.3× the memory a series). Series are pre-rendered per object: one buffer an
/// object with its families' lines one after another, and per family an array of member slots that
/// point into those buffers. One writer (the pipeline's sink) applies upserts, deletes and list
/// completions; any number of scrapes read concurrently without locks. An update replaces the
/// object's whole series set, so a field that vanished takes its series with it; a family left
/// without members leaves the output (prometheus-net could not).
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

    // Slots of removed objects wait here until every scrape that may have read them has ended: an
    // object re-created under the same key meanwhile takes the same slots back, so a scrape never
    // reads it twice (once in its old slot, once further on in a new one).
    private readonly Lock _scrapesGate = new();
    private readonly List<long> _activeScrapes = [];
    private long _scrapeEpoch;
    private readonly Dictionary<(string Resource, string Key), Parked> _parked = [];
    private readonly Queue<Parked> _parkedOrder = new();

    private sealed record SortedFamilyList(long Version, MetricFamily[] Families);

    private sealed class ResourceObjects
    {
        public readonly Dictionary<string, StoredObject> Objects = new(StringComparer.Ordinal);
        public int SeriesCount;
    }

    private sealed class Parked(string resource, string key, Member[] members, long epoch)
    {
        public readonly string Resource = resource;
        public readonly string Key = key;
        public readonly Member[] Members = members;
        public readonly long Epoch = epoch;
        public bool Reclaimed;
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
        ReleaseParked();
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

        var old = stored.Members;
        if (old.Length == 0 && _parked.Count > 0 && _parked.Remove((resource, key), out var parked))
        {
            parked.Reclaimed = true;
            old = parked.Members; // emptied slots: the ones to take back
        }
        var families = rendered.Families;
        var matched = old.Length <= 256 ? stackalloc int[old.Length] : new int[old.Length];
        matched.Clear(); // 1 + index of the new family, 0 = not matched
        int added = 0, changed = 0, removed = 0, equal = 0;
        var oldActive = 0;
        foreach (var m in old)
            if (m.Family.Held(m.Slot).Length > 0)
                oldActive++;
        var previous = families.Length <= 256 ? stackalloc int[families.Length] : new int[families.Length]; // index in old, or -1
        for (var i = 0; i < families.Length; i++)
        {
            var family = families[i];
            var j = FindOld(old, family.Name, i);
            previous[i] = j;
            if (j < 0)
            {
                added += family.SeriesCount;
                continue;
            }
            matched[j] = i + 1;
            var q = old[j].Family.Held(old[j].Slot);
            if (q.Length == 0)
            {
                added += family.SeriesCount;
                continue;
            }
            if (q.Length == family.Length && q.Text!.AsSpan(q.Start, q.Length).SequenceEqual(rendered.Lines(i)))
            {
                equal++;
                continue;
            }
            changed += Math.Min(q.Series, family.SeriesCount);
            added += Math.Max(0, family.SeriesCount - q.Series);
            removed += Math.Max(0, q.Series - family.SeriesCount);
        }
        var unmatched = 0;
        for (var j = 0; j < old.Length; j++)
        {
            if (matched[j] != 0)
                continue;
            unmatched++;
            removed += old[j].Family.Held(old[j].Slot).Series;
        }
        if (equal == families.Length && equal == oldActive)
            return default; // nothing changed: keep the published lines, drop the equal new copy

        // The new member table: the object's families, then those it had and keeps a slot for.
        var members = new Member[families.Length + unmatched];
        for (var i = 0; i < families.Length; i++)
        {
            var family = families[i];
            var j = previous[i];
            var target = j >= 0 ? old[j].Family : FamilyFor(family.Name, family.Help);
            var slot = j >= 0 ? old[j].Slot : target.Allocate();
            members[i] = new Member(target, slot);
        }
        var k = families.Length;
        for (var j = 0; j < old.Length; j++)
            if (matched[j] == 0)
                members[k++] = old[j];

        for (var i = 0; i < families.Length; i++)
            members[i].Family.Publish(members[i].Slot, rendered.Text, families[i].Start, families[i].Length, families[i].SeriesCount);
        for (var j = 0; j < old.Length; j++)
            if (matched[j] == 0)
                old[j].Family.Clear(old[j].Slot);
        stored.Members = members;
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
        ReleaseParked();
        StoredObject? stored;
        lock (_resources)
        {
            if (!_resources.TryGetValue(resource, out var objects) || !objects.Objects.Remove(key, out stored))
                return default;
            objects.SeriesCount -= stored.SeriesCount;
        }
        return RemoveAllSeries(resource, stored);
    }

    /// <summary>
    /// A (re-)list of <paramref name="scope"/> finished: every object of that scope not delivered by
    /// list generation <paramref name="generation"/> is gone from the API and is removed.
    /// </summary>
    public ApplyOutcome CompleteList(string resource, string scope, long generation)
    {
        ReleaseParked();
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
            outcome += RemoveAllSeries(resource, o);
        return outcome;
    }

    /// <summary>Drops a whole resource (removed from the config).</summary>
    public ApplyOutcome RemoveResource(string resource)
    {
        ReleaseParked();
        ResourceObjects? objects;
        lock (_resources)
        {
            if (!_resources.Remove(resource, out objects))
                return default;
        }
        var outcome = default(ApplyOutcome);
        foreach (var o in objects.Objects.Values)
            outcome += RemoveAllSeries(resource, o);
        return outcome;
    }

    /// <summary>Writes every family with members, sorted by name, in text format 0.0.4.</summary>
    public Task WriteAsync(Stream output, CancellationToken ct) => WriteAsync(output, ExpositionFormat.PrometheusText, ct);

    /// <summary>
    /// Writes every family with members, sorted by name, in <paramref name="format"/>: the sample lines
    /// are the same in both, the headers are not. OpenMetrics' closing # EOF is the caller's to write
    /// (the self-metrics follow these families). One part after the other on this thread; the /metrics
    /// endpoint prepares parts in parallel through <see cref="BeginScrape"/>.
    /// </summary>
    public async Task WriteAsync(Stream output, ExpositionFormat format, CancellationToken ct)
    {
        using var scrape = BeginScrape(format, RegistryScrape.DefaultPartBytes);
        using var chunk = new ScrapeChunk(RegistryScrape.DefaultChunkBytes);
        for (var p = 0; p < scrape.PartCount; p++)
        {
            chunk.Clear();
            scrape.WritePart(p, chunk);
            if (chunk.Length > 0)
                await output.WriteAsync(chunk.Written, ct);
        }
    }

    /// <summary>
    /// Starts a scrape: the families with members now, sorted by name, cut into parts of about
    /// <paramref name="partBytes"/> that can be written on any thread, in any order, and must be sent in
    /// order. Dispose it when the scrape ends (slots of removed objects wait for it).
    /// </summary>
    public RegistryScrape BeginScrape(ExpositionFormat format, int partBytes)
    {
        long epoch;
        lock (_scrapesGate)
        {
            epoch = ++_scrapeEpoch;
            _activeScrapes.Add(epoch);
        }
        return new RegistryScrape(this, epoch, format, SortedFamilies(), partBytes);
    }

    internal void EndScrape(long epoch)
    {
        lock (_scrapesGate)
            _activeScrapes.Remove(epoch);
    }

    /// <summary>The buffer an object's slots point into; null when they point into more than one (tests).</summary>
    internal byte[]? TextOf(string resource, string key)
    {
        StoredObject? o;
        lock (_resources)
            if (!_resources.TryGetValue(resource, out var r) || !r.Objects.TryGetValue(key, out o))
                return null;
        byte[]? text = null;
        foreach (var m in o.Members)
        {
            var held = m.Family.Held(m.Slot).Text;
            if (held is null)
                continue;
            if (text is not null && !ReferenceEquals(text, held))
                return null;
            text = held;
        }
        return text;
    }

    /// <summary>Slots a family has handed out so far, in use or free (tests).</summary>
    internal int SlotsOf(string family) => _families.TryGetValue(family, out var f) ? f.Slots.Count : 0;

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

    private MetricFamily FamilyFor(string name, string help)
    {
        if (_families.TryGetValue(name, out var family))
            return family;
        family = new MetricFamily(name, help);
        _families[name] = family;
        Interlocked.Increment(ref _familiesVersion);
        return family;
    }

    private ApplyOutcome RemoveAllSeries(string resource, StoredObject stored)
    {
        var members = stored.Members;
        foreach (var m in members)
            m.Family.Clear(m.Slot);
        stored.Members = [];
        if (members.Length > 0)
            Park(resource, stored.Key, members); // their slots are empty now: a re-created object takes them back
        return new ApplyOutcome(0, stored.SeriesCount, 0, 1);
    }

    private void Park(string resource, string key, Member[] members)
    {
        long epoch;
        bool scraping;
        lock (_scrapesGate)
        {
            epoch = _scrapeEpoch;
            scraping = _activeScrapes.Count > 0;
        }
        if (!scraping)
        {
            Release(members);
            return;
        }
        var parked = new Parked(resource, key, members, epoch);
        if (_parked.Remove((resource, key), out var earlier) && !earlier.Reclaimed)
        {
            earlier.Reclaimed = true; // not expected: a re-created object takes its parked slots back first
            Release(earlier.Members);
        }
        _parked[(resource, key)] = parked;
        _parkedOrder.Enqueue(parked);
    }

    /// <summary>Frees the slots of removed objects once no scrape that started before the removal still runs.</summary>
    private void ReleaseParked()
    {
        if (_parkedOrder.Count == 0)
            return;
        long oldest;
        lock (_scrapesGate)
            oldest = _activeScrapes.Count == 0 ? long.MaxValue : _activeScrapes.Min();
        while (_parkedOrder.TryPeek(out var p) && p.Epoch < oldest)
        {
            _parkedOrder.Dequeue();
            if (p.Reclaimed)
                continue;
            _parked.Remove((p.Resource, p.Key));
            Release(p.Members);
        }
    }

    private void Release(Member[] members)
    {
        foreach (var m in members)
        {
            m.Family.Release(m.Slot);
            if (m.Family.Reserved == 0 && _families.TryRemove(new KeyValuePair<string, MetricFamily>(m.Family.Name, m.Family)))
                Interlocked.Increment(ref _familiesVersion);
        }
    }

    private static int FindOld(Member[] old, string name, int hint)
    {
        // Families of one object are few (tens) and mostly in the same order: try the same position first.
        if (hint < old.Length && NameIs(old[hint].Family.Name, name))
            return hint;
        for (var j = 0; j < old.Length; j++)
            if (NameIs(old[j].Family.Name, name))
                return j;
        return -1;
    }

    private static bool NameIs(string a, string b) => ReferenceEquals(a, b) || a == b;
}

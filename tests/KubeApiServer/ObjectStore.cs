using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The cluster state, playing etcd plus the apiserver's watch cache: objects per resource,
/// one global resourceVersion counter across all resources, a bounded history per resource,
/// and the open watches. One lock guards it all: writes are rare in tests and holding the
/// lock while fanning an event out to the watch channels keeps every stream in order.
/// </summary>
internal sealed class ObjectStore(int historyLimit)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceState> _resources = [];
    private long _resourceVersion;
    private int _openWatches;

    public int OpenWatches => Volatile.Read(ref _openWatches);

    public void AddResource(ResourceType type)
    {
        lock (_gate)
        {
            var key = (type.Group, type.Version, type.Plural);
            if (!_resources.TryGetValue(key, out var existing) || existing.Type != type)
                _resources[key] = new ResourceState(type);
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
            return _resources.TryGetValue((group, version, plural), out var state) ? state.Type : null;
    }

    public IReadOnlyList<ResourceType> Resources()
    {
        lock (_gate)
            return _resources.Values.Select(r => r.Type).ToList();
    }

    public JsonObject Create(string apiVersion, string plural, JsonObject input)
    {
        lock (_gate)
        {
            var state = Resource(apiVersion, plural);
            var obj = ObjectNormalizer.Normalize(state.Type, input);
            var meta = obj["metadata"]!.AsObject();
            var key = StoredObject.KeyOf(meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>());
            if (state.Objects.ContainsKey(key))
                throw new InvalidOperationException($"{plural} \"{key}\" already exists");
            meta["uid"] ??= Guid.NewGuid().ToString();
            meta["creationTimestamp"] ??= DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
            meta["generation"] = 1;
            return Commit(state, "ADDED", obj, previous: null);
        }
    }

    public JsonObject Update(string apiVersion, string plural, JsonObject input)
    {
        lock (_gate)
        {
            var state = Resource(apiVersion, plural);
            var obj = ObjectNormalizer.Normalize(state.Type, input);
            var meta = obj["metadata"]!.AsObject();
            var key = StoredObject.KeyOf(meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>());
            if (!state.Objects.TryGetValue(key, out var previous))
                throw new KeyNotFoundException($"{plural} \"{key}\" not found");
            ObjectNormalizer.CarryOverIdentity(previous.ToJsonObject(), obj);
            return Commit(state, "MODIFIED", obj, previous);
        }
    }

    public void Delete(string apiVersion, string plural, string? ns, string name)
    {
        lock (_gate)
        {
            var state = Resource(apiVersion, plural);
            var key = StoredObject.KeyOf(state.Type.Namespaced ? ns ?? "default" : null, name);
            if (!state.Objects.TryGetValue(key, out var previous))
                throw new KeyNotFoundException($"{plural} \"{key}\" not found");
            // The real server sends the last state stamped with the deletion's resourceVersion.
            Commit(state, "DELETED", previous.ToJsonObject(), previous);
        }
    }

    public JsonObject? Get(string apiVersion, string plural, string? ns, string name)
    {
        lock (_gate)
        {
            var state = Resource(apiVersion, plural);
            var key = StoredObject.KeyOf(state.Type.Namespaced ? ns ?? "default" : null, name);
            return state.Objects.TryGetValue(key, out var obj) ? obj.ToJsonObject() : null;
        }
    }

    public StoredObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
            return State(type).Objects.GetValueOrDefault(StoredObject.KeyOf(type.Namespaced ? ns : null, name));
    }

    public IReadOnlyList<JsonObject> List(string apiVersion, string plural)
    {
        List<StoredObject> items;
        lock (_gate)
            items = [.. Resource(apiVersion, plural).Objects.Values];
        return items.Select(o => o.ToJsonObject()).ToList();
    }

    /// <summary>
    /// A page of matching objects after startAfterKey, as they were at snapshotVersion (null:
    /// now). Older states are rebuilt by undoing the history, like etcd reading at a revision;
    /// if the history no longer reaches back that far the continuation is 410 Expired.
    /// </summary>
    public ListPage ListPage(ResourceType type, ObjectFilter filter, long? snapshotVersion, string? startAfterKey, int limit)
    {
        lock (_gate)
        {
            var state = State(type);
            var version = snapshotVersion ?? _resourceVersion;
            if (state.IsExpired(version))
                throw ApiError.ContinueExpired();
            IEnumerable<KeyValuePair<string, StoredObject>> objects = state.Objects;
            if (state.History.Count > 0 && state.History.Last().ResourceVersion > version)
                objects = RewindTo(state, version);
            var matching = objects
                .Where(kv => startAfterKey is null || string.CompareOrdinal(kv.Key, startAfterKey) > 0)
                .Where(kv => filter.Matches(kv.Value))
                .Select(kv => kv.Value)
                .ToList();
            if (limit <= 0 || matching.Count <= limit)
                return new ListPage(version, matching, null, 0);
            var page = matching.GetRange(0, limit);
            return new ListPage(version, page, page[^1].Key, matching.Count - limit);
        }
    }

    /// <summary>
    /// Open a watch. Without a resourceVersion (or "0", or with sendInitialEvents) it starts
    /// with synthetic ADDED events for the current objects, like the real server; from N it
    /// replays the kept events after N. Too old an N gives a stream holding one ERROR event.
    /// Done under the lock so no event is missed or sent twice between replay and live.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, ObjectFilter filter, long? fromVersion, bool sendInitialEvents)
    {
        var watch = new WatchSubscription(type, filter);
        lock (_gate)
        {
            var state = State(type);
            if (fromVersion is null or 0 || sendInitialEvents)
            {
                foreach (var obj in state.Objects.Values.Where(filter.Matches))
                    watch.Send(WatchLine.Event("ADDED", obj.Json));
                if (sendInitialEvents)
                    watch.Send(WatchLine.Bookmark(type, _resourceVersion, initialEventsEnd: true));
            }
            else if (state.IsExpired(fromVersion.Value))
            {
                watch.Send(WatchLine.Error(StatusResponse.Failure(410, "Expired", state.TooOldMessage(fromVersion.Value))));
                watch.End();
                return watch;
            }
            else
            {
                foreach (var e in state.History.Where(e => e.ResourceVersion > fromVersion && filter.Matches(e.Object)))
                    watch.Send(e.Line);
            }
            state.Watches.Add(watch);
            _openWatches++;
        }
        return watch;
    }

    public void StopWatching(WatchSubscription watch)
    {
        lock (_gate)
        {
            if (State(watch.Resource).Watches.Remove(watch))
                _openWatches--;
        }
        watch.End();
    }

    /// <summary>Queue a BOOKMARK behind every event already sent, so its version never overtakes an event.</summary>
    public void SendBookmark(WatchSubscription watch)
    {
        lock (_gate)
            watch.Send(WatchLine.Bookmark(watch.Resource, _resourceVersion));
    }

    /// <summary>
    /// Forget all history. The global version is advanced first (as the constant lease and
    /// event writes of a real cluster would), so every version handed out so far — list
    /// versions, bookmarks — is now expired, not just those older than the latest change.
    /// </summary>
    public void Compact()
    {
        lock (_gate)
        {
            _resourceVersion++;
            foreach (var state in _resources.Values)
            {
                state.History.Clear();
                state.CompactedThrough = _resourceVersion;
            }
        }
    }

    /// <summary>Writes a raw line (e.g. truncated or not JSON) to every open watch of a plural: a hostile server.</summary>
    public void SendRawWatchLine(string plural, string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            foreach (var (type, state) in _resources)
                if (type.Plural == plural)
                    foreach (var watch in state.Watches)
                        watch.Send(bytes);
        }
    }

    public void EndAllWatches()
    {
        lock (_gate)
        {
            foreach (var state in _resources.Values)
            {
                foreach (var watch in state.Watches)
                    watch.End();
                _openWatches -= state.Watches.Count;
                state.Watches.Clear();
            }
        }
    }

    private JsonObject Commit(ResourceState state, string type, JsonObject obj, StoredObject? previous)
    {
        var version = ++_resourceVersion;
        obj["metadata"]!["resourceVersion"] = version.ToString();
        var stored = StoredObject.From(obj);
        if (type == "DELETED")
            state.Objects.Remove(stored.Key);
        else
            state.Objects[stored.Key] = stored;
        var e = new HistoryEvent(version, type, stored, previous, WatchLine.Event(type, stored.Json));
        state.History.Enqueue(e);
        while (state.History.Count > historyLimit)
            state.CompactedThrough = state.History.Dequeue().ResourceVersion;
        foreach (var watch in state.Watches)
            if (watch.Filter.Matches(stored))
                watch.Send(e.Line);
        return stored.ToJsonObject();
    }

    private static SortedDictionary<string, StoredObject> RewindTo(ResourceState state, long version)
    {
        var objects = new SortedDictionary<string, StoredObject>(state.Objects, StringComparer.Ordinal);
        foreach (var e in state.History.Reverse().TakeWhile(e => e.ResourceVersion > version))
        {
            if (e.Previous is null)
                objects.Remove(e.Object.Key);
            else
                objects[e.Previous.Key] = e.Previous;
        }
        return objects;
    }

    private ResourceState State(ResourceType type) => _resources[(type.Group, type.Version, type.Plural)];

    private ResourceState Resource(string apiVersion, string plural)
    {
        var (group, version) = ResourceType.SplitApiVersion(apiVersion);
        return _resources.TryGetValue((group, version, plural), out var state)
            ? state
            : throw new InvalidOperationException($"{apiVersion} {plural} is not registered; call AddResource first");
    }
}

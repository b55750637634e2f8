using System.Text;
using System.Text.Json;
using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>
/// One field path of a resource (<c>spec.template.spec.containers.ports.containerPort</c>), a node
/// in a trie shared by every object flattened with the same <see cref="FlattenRules"/>. Everything
/// that depends only on the path is decided once here — include/exclude, managedFields skipping,
/// conversion context, list label and list key, metric name and HELP — so flattening an object
/// is mostly lookups of raw property-name bytes.
/// </summary>
internal sealed class FieldNode
{
    private static readonly HashSet<string> QuantityMaps = ["requests", "limits", "capacity", "allocatable", "hard", "used"];

    private readonly FlattenRules _rules;
    private Utf8Map<FieldNode>? _children;
    private LabelName? _listLabel;
    private PathMetrics? _numbers;
    private PathMetrics? _percents;
    private PathMetrics? _durations;

    private FieldNode(FlattenRules rules, FieldNode? parent, string key, string[] path)
    {
        _rules = rules;
        Parent = parent;
        Key = key;
        Path = path;
        IsQuantityMap = QuantityMaps.Contains(key);
        IsConditions = key == "conditions";
        ListKey = rules.ListKeyFor(this);

        Excluded = rules.Exclude.Any(g => g.Matches(path));
        IncludeMatches = rules.Include.Any(g => g.Matches(path));
        IncludeCanMatchUnder = rules.Include.Any(g => g.CanMatchUnder(path));
        // managedFields is bulky bookkeeping; only an include glob that reaches into it brings it back.
        Skipped = path is ["metadata", "managedFields"] && !IncludeCanMatchUnder;
    }

    public static FieldNode CreateRoot(FlattenRules rules) => new(rules, null, "", []);

    public FieldNode? Parent { get; }
    /// <summary>The JSON key, unescaped.</summary>
    public string Key { get; }
    /// <summary>Keys from the object root to here; list items add no segment.</summary>
    public string[] Path { get; }

    public bool Excluded { get; }
    public bool IncludeMatches { get; }
    public bool IncludeCanMatchUnder { get; }
    /// <summary>metadata.managedFields, skipped unless an include glob could match under it.</summary>
    public bool Skipped { get; }

    /// <summary>Strings directly inside this map are Kubernetes quantities (requests, limits, capacity…).</summary>
    public bool IsQuantityMap { get; }
    /// <summary>Items of this list are conditions: their <c>status</c> True/False/Unknown converts to 1/0/-1.</summary>
    public bool IsConditions { get; }
    /// <summary>When this node holds a list: the item field whose value labels an item instead of its index.</summary>
    public FieldPath? ListKey { get; }

    /// <summary>When this node holds a list: the label naming its items (the sanitised key).</summary>
    public LabelName ListLabel => _listLabel ??= new LabelName(Key);

    /// <summary>
    /// The metric of values found at this path: numbers (and strings converted to numbers) under the
    /// path's own name, percentages and durations under it with <c>_percent</c> / <c>_seconds</c>
    /// appended. <paramref name="listMask"/>: bit i set means path segment i held a list in this object.
    /// </summary>
    public MetricDescriptor MetricFor(ulong listMask, StringConversion conversion = StringConversion.Number)
    {
        var metrics = conversion switch
        {
            StringConversion.Percent => _percents ?? Create(ref _percents, conversion),
            StringConversion.Seconds => _durations ?? Create(ref _durations, conversion),
            _ => _numbers ?? Create(ref _numbers, conversion),
        };
        return metrics.For(listMask);
    }

    private PathMetrics Create(ref PathMetrics? slot, StringConversion conversion) =>
        Interlocked.CompareExchange(ref slot, new PathMetrics(_rules, Path, conversion), null) ?? slot!;

    public FieldNode? FindChild(ReadOnlySpan<byte> rawKey) => _children?.Find(rawKey);

    /// <summary>
    /// The child for a JSON property. Past the rules' path budget the child is built for this walk
    /// only and not cached: objects with ever-new keys cost time, never memory, and lose no data.
    /// </summary>
    public FieldNode GetOrAddChild(ReadOnlySpan<byte> rawKey, JsonProperty property) =>
        Children.Find(rawKey)
        ?? Children.GetOrAdd(rawKey, (this, property), static s => s.Item1.NewChild(s.property.Name))
        ?? new FieldNode(_rules, this, property.Name, [.. Path, property.Name]);

    /// <summary>The child for a configured key (zeroFill paths), added when missing.</summary>
    public FieldNode? GetOrAddChild(string key) =>
        Children.GetOrAdd(Encoding.UTF8.GetBytes(key), (this, key), static s => s.Item1.NewChild(s.key));

    private Utf8Map<FieldNode> Children
    {
        get
        {
            if (_children == null)
                Interlocked.CompareExchange(ref _children, new Utf8Map<FieldNode>(), null);
            return _children;
        }
    }

    private FieldNode? NewChild(string key)
    {
        if (!_rules.TryReserveFieldPath())
            return null;
        return new FieldNode(_rules, this, key, [.. Path, key]);
    }
}

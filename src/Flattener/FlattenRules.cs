using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KubeApiExporter.Flattener;

/// <summary>
/// One resource's flattening rules (README, "Metric naming"), compiled once per config generation. Immutable in
/// meaning and safe to share between threads: the only mutable parts are caches (field-path trie,
/// canonical metric names, label-name spellings) that grow on first sight of a path and make
/// every later object cheap. The caches are bounded so hostile objects cannot grow them forever.
/// </summary>
public sealed class FlattenRules
{
    /// <summary>Distinct field paths cached per resource; paths beyond this are still exported, built per object instead of cached.</summary>
    internal const int MaxFieldPaths = 50_000;
    /// <summary>Distinct metadata.labels keys whose label names are cached; more are still exported, just not cached.</summary>
    internal const int MaxCachedObjectLabelKeys = 10_000;

    /// <summary>Distinct low-cardinality label values (namespaces, condition types, container names, images, nodes) kept as shared strings.</summary>
    internal const int MaxSharedLabelValues = 10_000;

    internal const string NamespaceLabel = "namespace";
    internal const string NameLabel = "name";

    private readonly ConcurrentDictionary<string, MetricDescriptor> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldPath> _listKeysByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldPath> _listKeysByPath = new(StringComparer.Ordinal);
    private readonly Utf8Map<LabelName> _objectLabelNames = new();
    private readonly Utf8Map<string> _sharedLabelValues = new();
    private readonly string _metricBase;
    private readonly string _helpSuffix;
    private int _fieldPaths;
    private int _nextMetricId;

    private FlattenRules(string prefix, ResourceConfig resource)
    {
        Prefix = prefix;
        Config = resource;
        _metricBase = (prefix.Length == 0 ? PrometheusName.Sanitize(resource.Name) : PrometheusName.Join(prefix, [resource.Name])) + "_";
        _helpSuffix = $" of {resource.ApiVersion} {resource.Resource}";

        Include = resource.Include.Select(FieldGlob.Parse).ToArray();
        Exclude = resource.Exclude.Select(FieldGlob.Parse).ToArray();

        // Conditions are keyed by type unless the config says otherwise.
        _listKeysByName["conditions"] = new FieldPath("type");
        foreach (var (list, field) in resource.ListKeys)
            (list.Contains('.') ? _listKeysByPath : _listKeysByName)[list] = new FieldPath(field);

        Extras = resource.Labels.Select(kv => new ExtraLabel(new LabelName(kv.Key), new FieldPath(kv.Value))).ToArray();
        ObjectNameLabel = PrometheusName.Sanitize(resource.Name) + "_name";

        // Root last: building nodes reads the globs and list keys above.
        Root = FieldNode.CreateRoot(this);
        ZeroFill = resource.ZeroFill.Select(CompileZeroFill).ToArray();
        LabelsMetric = resource.LabelsMetric ? Describe("labels", "metadata.labels") : null;
        Info = resource.Info.Select(i => new InfoRule(
            Describe(i.Metric, i.Each),
            new FieldPath(i.Each),
            i.Labels.Select(kv => (new LabelName(kv.Key), new FieldPath(kv.Value))).ToArray())).ToArray();
    }

    /// <summary>Compiles a resource's rules. Globs must already be valid (the config loader checks them).</summary>
    public static FlattenRules Compile(string prefix, ResourceConfig resource)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(resource);
        return new FlattenRules(prefix, resource);
    }

    public string Prefix { get; }
    /// <summary>The configured resource this was compiled from.</summary>
    public ResourceConfig Config { get; }
    /// <summary>Second metric segment, e.g. "deployment".</summary>
    public string ResourceName => Config.Name;
    public string ApiVersion => Config.ApiVersion;
    /// <summary>Plural, as in the API path.</summary>
    public string Resource => Config.Resource;
    /// <summary>Whether samples carry a namespace label.</summary>
    public bool Namespaced => Config.Namespaced;

    internal FieldGlob[] Include { get; }
    internal FieldGlob[] Exclude { get; }
    internal bool HasInclude => Include.Length > 0;
    internal FieldNode Root { get; }
    internal ExtraLabel[] Extras { get; }
    internal ZeroFillRule[] ZeroFill { get; }
    internal MetricDescriptor? LabelsMetric { get; }
    internal InfoRule[] Info { get; }
    /// <summary>"&lt;name&gt;_name", the object-name label of the labels and info metrics (e.g. pod_name).</summary>
    internal string ObjectNameLabel { get; }

    internal FieldPath? ListKeyFor(FieldNode node)
    {
        if (_listKeysByPath.Count > 0 && _listKeysByPath.TryGetValue(string.Join('.', node.Path), out var byPath))
            return byPath;
        return _listKeysByName.GetValueOrDefault(node.Key);
    }

    internal bool TryReserveFieldPath() =>
        Volatile.Read(ref _fieldPaths) < MaxFieldPaths && Interlocked.Increment(ref _fieldPaths) <= MaxFieldPaths;

    /// <summary>
    /// The canonical metric of a field path: &lt;prefix&gt;_&lt;name&gt;_&lt;segments joined by _&gt;, leaving
    /// out the segments whose value was a list (bit i of <paramref name="listMask"/>): a list adds no
    /// segment, its key becomes the item label (README, "Metric naming": <c>k8s_deployment_status_status{conditions=…}</c>).
    /// HELP keeps the whole dotted path, list keys included, as globs see it.
    /// </summary>
    internal MetricDescriptor DescribeField(string[] path, ulong listMask)
    {
        var name = new StringBuilder(_metricBase);
        var parts = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (i < 64 && (listMask & (1UL << i)) != 0)
                continue;
            if (parts++ > 0)
                name.Append('_');
            PrometheusName.AppendPart(name, path[i]);
        }
        if (parts == 0)
            name.Length--; // a list at the root: the metric is just <prefix>_<name>
        return Canonical(name.ToString(), string.Join('.', path));
    }

    /// <summary>The label name of a metadata.labels key, from its raw UTF-8 bytes.</summary>
    internal LabelName ObjectLabelName(ReadOnlySpan<byte> rawKey, JsonProperty property) =>
        _objectLabelNames.Find(rawKey)
        ?? (_objectLabelNames.Count < MaxCachedObjectLabelKeys
            ? _objectLabelNames.GetOrAdd(rawKey, property, static p => new LabelName(p.Name))
            : null)
        ?? new LabelName(property.Name);

    /// <summary>
    /// A string label value that repeats across objects (namespace, condition type, container name,
    /// image, node) as a shared instance: caching them saves most of the flattener's per-object
    /// allocation. Bounded; past the bound values are simply allocated.
    /// </summary>
    internal string SharedLabelValue(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1]; // the raw value of a string keeps its quotes
        if (raw.IndexOf((byte)'\\') >= 0)
            return value.GetString()!; // escaped: rare, not worth a cache entry
        return _sharedLabelValues.Find(raw)
            ?? (_sharedLabelValues.Count < MaxSharedLabelValues ? _sharedLabelValues.GetOrAdd(raw, value, static v => v.GetString()) : null)
            ?? value.GetString()!;
    }

    private MetricDescriptor Describe(string suffix, string source)
    {
        var name = new StringBuilder(_metricBase);
        PrometheusName.AppendPart(name, suffix);
        return Canonical(name.ToString(), source);
    }

    private MetricDescriptor Canonical(string name, string dottedSource)
    {
        if (_metrics.TryGetValue(name, out var known))
            return known;
        // Bounded like the path cache: past it (objects with ever-new keys) a descriptor is built for
        // this use only, so such keys cost time but cannot grow memory without end.
        if (_metrics.Count >= MaxFieldPaths)
            return new MetricDescriptor(name, dottedSource + _helpSuffix, Interlocked.Increment(ref _nextMetricId));
        return _metrics.GetOrAdd(name, static (n, s) => new MetricDescriptor(n, s.dottedSource + s.rules._helpSuffix, Interlocked.Increment(ref s.rules._nextMetricId)),
            (rules: this, dottedSource));
    }

    private ZeroFillRule CompileZeroFill(string dotted)
    {
        var path = new FieldPath(dotted);
        var node = Root;
        var allowed = !HasInclude;
        foreach (var key in path.Segments)
        {
            node = node.GetOrAddChild(key) ?? throw new InvalidOperationException("field path budget exhausted while compiling");
            allowed = allowed || node.IncludeMatches;
        }
        // Excluded ancestors win over includes, as in the walk.
        allowed = allowed && !PathExcluded(node);
        return new ZeroFillRule(path, node, allowed);
    }

    private static bool PathExcluded(FieldNode node)
    {
        for (var n = node; n != null; n = n.Parent)
            if (n.Excluded || n.Skipped)
                return true;
        return false;
    }
}

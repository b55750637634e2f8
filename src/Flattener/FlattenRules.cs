using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using KubeApiExporter.Configuration;

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

    internal const string NamespaceLabel = NamespaceLabelName;
    internal const string NameLabel = NameLabelName;

    /// <summary>The identity labels of every object sample; the config loader refuses them as state labels.</summary>
    public const string NameLabelName = ObjectIdentityLabels.Name;
    public const string NamespaceLabelName = ObjectIdentityLabels.Namespace;

    private readonly ConcurrentDictionary<string, MetricDescriptor> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldPath> _listKeysByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldPath> _listKeysByPath = new(StringComparer.Ordinal);
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
        _listKeysByName["conditions"] = FieldPath.Parse("type");
        foreach (var (list, field) in resource.ListKeys)
            (list.Contains('.') ? _listKeysByPath : _listKeysByName)[list] = FieldPath.Parse(field);

        Extras = resource.Labels.Select(kv => new ExtraLabel(new LabelName(kv.Key), FieldPath.Parse(kv.Value))).ToArray();
        ObjectNameLabel = PrometheusName.Sanitize(resource.Name) + "_name";

        // Root last: building nodes reads the globs and list keys above.
        Root = FieldNode.CreateRoot(this);
        ZeroFill = resource.ZeroFill.Select(CompileZeroFill).ToArray();
        LabelsMetric = resource.LabelsMetric ? Describe("labels", "metadata.labels") : null;
        LabelKeys = new KeyAllowlist(resource.LabelsMetricKeys, "");
        AnnotationsMetric = resource.AnnotationsMetric.Count > 0 ? Describe("annotations", "metadata.annotations") : null;
        AnnotationKeys = new KeyAllowlist(resource.AnnotationsMetric, "annotation_");
        States = resource.States.Select(kv => CompileState(kv.Key, kv.Value)).ToArray();
        Info = resource.Info.Select(i => new InfoRule(
            Describe(i.Metric, i.Each),
            FieldPath.Parse(i.Each),
            i.Labels.Select(kv => (new LabelName(kv.Key), FieldPath.Parse(kv.Value))).ToArray())).ToArray();
    }

    /// <summary>
    /// Compiles a resource's rules. Paths and globs must already be valid: the config loader checks them
    /// with the parsers used here (<see cref="FieldPath.TryParse"/>, <see cref="FieldGlob.TryParse"/>,
    /// <see cref="KeyGlob.TryParse"/>), so an invalid one is a bug and throws <see cref="FormatException"/>.
    /// </summary>
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
    /// <summary>The metadata.labels keys of the labels metric and their label names.</summary>
    internal KeyAllowlist LabelKeys { get; }
    internal MetricDescriptor? AnnotationsMetric { get; }
    /// <summary>The metadata.annotations keys of the annotations metric and their label names (annotation_&lt;key&gt;).</summary>
    internal KeyAllowlist AnnotationKeys { get; }
    internal StateRule[] States { get; }
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
    /// HELP keeps the whole dotted path, list keys included, as globs see it. Percentages and durations
    /// get <c>_percent</c> / <c>_seconds</c> appended, and HELP says so.
    /// </summary>
    internal MetricDescriptor DescribeField(string[] path, ulong listMask, StringConversion conversion = StringConversion.Number)
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
        var source = string.Join('.', path);
        switch (conversion)
        {
            case StringConversion.Percent:
                name.Append("_percent");
                source += " (N% as N)";
                break;
            case StringConversion.Seconds:
                name.Append("_seconds");
                source += " (duration in seconds)";
                break;
        }
        return Canonical(name.ToString(), source);
    }

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

    /// <summary>The value at <paramref name="path"/> as a label value: strings as-is (shared through <see cref="SharedLabelValue"/>), numbers and booleans as their JSON text, anything else "".</summary>
    internal string LabelValue(FieldPath path, JsonElement obj)
    {
        if (!path.TryResolve(obj, out var value))
            return "";
        return value.ValueKind switch
        {
            JsonValueKind.String => SharedLabelValue(value),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "",
        };
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
        var path = FieldPath.Parse(dotted);
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

    /// <summary>
    /// A state's metric is named after its whole path, list keys included
    /// (<c>k8s_pod_status_containerStatuses_state_waiting_reason</c>): unlike a number's, its name has no
    /// other segment saying what it is about. Its field nodes are the walk's, so lists on the way get
    /// the same item labels (listKeys) as the numbers under them.
    /// </summary>
    private StateRule CompileState(string dotted, StateConfig state)
    {
        var segments = FieldPath.Parse(dotted).Segments;
        var nodes = new FieldNode[segments.Count];
        var node = Root;
        for (var i = 0; i < segments.Count; i++)
            nodes[i] = node = node.GetOrAddChild(segments[i]) ?? throw new InvalidOperationException("field path budget exhausted while compiling");
        var name = new StringBuilder(_metricBase);
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
                name.Append('_');
            PrometheusName.AppendPart(name, segments[i]);
        }
        var kind = state.Values.Count > 0 ? "state set" : "state";
        var metric = Canonical(name.ToString(), $"{dotted} ({kind}, value as label {state.Label})");
        return new StateRule(metric, nodes, new LabelName(state.Label), state.Values.ToArray());
    }

    private static bool PathExcluded(FieldNode node)
    {
        for (var n = node; n != null; n = n.Parent)
            if (n.Excluded || n.Skipped)
                return true;
        return false;
    }
}

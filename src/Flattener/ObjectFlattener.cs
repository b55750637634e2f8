using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>
/// Turns one Kubernetes object into samples by the rules of its resource (README, "Metric naming"). A pure
/// function: no I/O, no clock, nothing shared but the rules' caches, so it can run in parallel
/// for many objects. Never throws on odd input: objects without metadata.name (BOOKMARK objects,
/// non-objects) give no samples, content nested deeper than <see cref="MaxDepth"/> is skipped.
/// An instance is the working state of one pass: the label buffer (base labels, then one slot per
/// enclosing list, then the extras), the duplicate set and the extras' values. Instances are reused
/// per thread so the hot path allocates only the label value strings it must hand out; a pass is
/// taken out of the thread's slot while in use, so a re-entrant call simply gets a fresh one.
/// </summary>
public sealed class ObjectFlattener
{
    /// <summary>
    /// Nesting levels walked below the object root (a value directly in the root is level 1, a list
    /// counts as a level); values deeper than this are skipped, so hostile nesting cannot overflow the stack.
    /// </summary>
    public const int MaxDepth = 64;

    private const int CachedIndexLabels = 256;
    private const int MaxRetainedSeen = 4096;

    private static readonly string[] IndexLabels =
        Enumerable.Range(0, CachedIndexLabels).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    [ThreadStatic] private static ObjectFlattener? t_spare;

    private FlattenRules _rules = null!;
    private ISampleSink _sink = null!;
    private Label[] _labels = new Label[8 + MaxDepth];
    private string[] _extraValues = new string[4];
    private HashSet<SampleKey> _seen = new(64);
    private int _baseCount;   // labels every sample of the current layout starts with
    private int _count;       // base labels + the labels of the lists enclosing the current value
    private ulong _baseHash;  // hash of the base labels, so each sample hashes only what varies
    private ulong _listMask;  // bit i: path segment i holds the list being walked (its key leaves the metric name)
    private int _highWater;   // label slots written, cleared on return so no strings are retained

    private ObjectFlattener() { }

    /// <summary>
    /// Calls <paramref name="sink"/> once per sample: walk order, then zeroFill, labels and info metrics.
    /// </summary>
    public static void Flatten(FlattenRules rules, JsonElement obj, ISampleSink sink)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sink);
        var pass = t_spare ?? new ObjectFlattener();
        t_spare = null;
        pass._rules = rules;
        pass._sink = sink;
        try
        {
            pass.Flatten(obj);
        }
        finally
        {
            pass.Reset();
            t_spare = pass;
        }
    }

    private void Flatten(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object
            || !obj.TryGetProperty("metadata"u8, out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("name"u8, out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            return;
        var name = nameElement.GetString();
        if (string.IsNullOrEmpty(name))
            return;
        var ns = "";
        if (_rules.Namespaced && metadata.TryGetProperty("namespace"u8, out var nsElement) && nsElement.ValueKind == JsonValueKind.String)
            ns = _rules.SharedLabelValue(nsElement);

        var extras = _rules.Extras;
        if (_extraValues.Length < extras.Length)
            _extraValues = new string[extras.Length];
        for (var i = 0; i < extras.Length; i++)
            _extraValues[i] = _rules.LabelValue(extras[i].Source, obj);
        EnsureLabelCapacity(2 + MaxDepth + 2 + extras.Length);

        // Object samples: name, namespace, list labels, extras.
        StartLayout(ns, FlattenRules.NameLabel, name);
        WalkObject(obj, _rules.Root, 0, included: !_rules.HasInclude, conditionsItem: false);
        _count = _baseCount;
        ZeroFill(obj);
        foreach (var state in _rules.States)
            EmitState(obj, state, 0, 0);

        // Labels, annotations and info metrics: namespace and <name>_name (sorted), their own labels.
        if (_rules.LabelsMetric != null || _rules.AnnotationsMetric != null || _rules.Info.Length > 0)
        {
            StartLayout(ns, _rules.ObjectNameLabel, name);
            if (_rules.LabelsMetric != null)
                EmitKeysMetric(metadata, "labels"u8, _rules.LabelKeys, _rules.LabelsMetric);
            if (_rules.AnnotationsMetric != null)
                EmitKeysMetric(metadata, "annotations"u8, _rules.AnnotationKeys, _rules.AnnotationsMetric);
            foreach (var info in _rules.Info)
                EmitInfo(obj, info);
        }
    }

    private void StartLayout(string ns, string nameLabel, string name)
    {
        // The two identity labels in Prometheus' canonical (sorted) order, so a sample reads exactly as
        // README "Quick start" shows them: {name="helloworld",namespace="default"}, {namespace="default",pod_name="web"}.
        _count = 0;
        var nameFirst = string.CompareOrdinal(nameLabel, FlattenRules.NamespaceLabel) < 0;
        if (nameFirst)
            _labels[_count++] = new Label(nameLabel, name);
        if (_rules.Namespaced)
            _labels[_count++] = new Label(FlattenRules.NamespaceLabel, ns);
        if (!nameFirst)
            _labels[_count++] = new Label(nameLabel, name);
        _baseCount = _count;
        _highWater = Math.Max(_highWater, _count);
        _baseHash = HashLabels(14695981039346656037UL, _labels.AsSpan(0, _count));
    }

    private void WalkObject(JsonElement obj, FieldNode node, int depth, bool included, bool conditionsItem)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var value = property.Value;
            var kind = value.ValueKind;
            if (kind == JsonValueKind.Null)
                continue;
            var rawKey = JsonMarshal.GetRawUtf8PropertyName(property);
            double number = 0;
            var conversion = StringConversion.Number;
            if (kind == JsonValueKind.String)
            {
                // Convert before looking the path up: most strings are not numbers, and caching paths for
                // them (annotation keys…) would only fill the trie.
                var conditionStatus = conditionsItem && rawKey.SequenceEqual("status"u8);
                conversion = Convert(value, node.IsQuantityMap, conditionStatus, out number);
                if (conversion == StringConversion.None)
                    continue;
            }

            var child = node.GetOrAddChild(rawKey, property);
            if (child == null || child.Excluded || child.Skipped)
                continue;
            var childIncluded = included;
            if (!childIncluded)
            {
                if (child.IncludeMatches)
                    childIncluded = true;
                else if (!child.IncludeCanMatchUnder)
                    continue;
            }

            switch (kind)
            {
                case JsonValueKind.Object:
                    if (depth + 1 < MaxDepth)
                        WalkObject(value, child, depth + 1, childIncluded, conditionsItem: false);
                    break;
                case JsonValueKind.Array:
                    if (depth + 1 < MaxDepth)
                        WalkList(value, child, depth + 1, childIncluded);
                    break;
                case JsonValueKind.String:
                    if (childIncluded)
                        Emit(child.MetricFor(_listMask, conversion), number);
                    break;
                default:
                    if (childIncluded && TryScalar(value, kind, out number))
                        Emit(child.MetricFor(_listMask), number);
                    break;
            }
        }
    }

    /// <summary>A list adds no path segment; each item gets a label named after the list (its key or index).</summary>
    private void WalkList(JsonElement list, FieldNode node, int depth, bool included)
    {
        var slot = _count;
        var labelName = node.ListLabel.Resolve(_labels.AsSpan(0, slot));
        _count = slot + 1;
        _highWater = Math.Max(_highWater, _count);
        var outerMask = _listMask;
        _listMask |= 1UL << (node.Path.Length - 1); // Path.Length <= depth <= MaxDepth = 64
        var listKey = node.ListKey;
        var quantities = node.Parent?.IsQuantityMap ?? false;
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var kind = item.ValueKind;
            _labels[slot] = new Label(labelName, ItemLabel(item, kind, listKey, index++));
            switch (kind)
            {
                case JsonValueKind.Object:
                    if (depth + 1 < MaxDepth)
                        WalkObject(item, node, depth + 1, included, conditionsItem: node.IsConditions);
                    break;
                case JsonValueKind.Array:
                    if (depth + 1 < MaxDepth)
                        WalkList(item, node, depth + 1, included);
                    break;
                case JsonValueKind.String:
                    if (included && Convert(item, quantities, conditionStatus: false, out var converted) is var conversion and not StringConversion.None)
                        Emit(node.MetricFor(_listMask, conversion), converted);
                    break;
                default:
                    if (included && TryScalar(item, kind, out var number))
                        Emit(node.MetricFor(_listMask), number);
                    break;
            }
        }
        _count = slot;
        _listMask = outerMask;
    }

    private string ItemLabel(JsonElement item, JsonValueKind kind, FieldPath? listKey, int index)
    {
        if (listKey != null && kind == JsonValueKind.Object && listKey.TryResolve(item, out var key) && key.ValueKind == JsonValueKind.String)
            return _rules.SharedLabelValue(key);
        return index < CachedIndexLabels ? IndexLabels[index] : index.ToString(CultureInfo.InvariantCulture);
    }

    private void ZeroFill(JsonElement obj)
    {
        var rules = _rules.ZeroFill;
        if (rules.Length == 0)
            return;
        var anyPresent = false;
        foreach (var rule in rules)
            anyPresent |= IsPresent(obj, rule.Path);
        if (!anyPresent)
            return;
        foreach (var rule in rules)
            if (rule.Allowed && !IsPresent(obj, rule.Path))
                Emit(rule.Node.MetricFor(0), 0);
    }

    private static bool IsPresent(JsonElement obj, FieldPath path) =>
        path.TryResolve(obj, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The labels or annotations metric: one series valued 1 whose labels are the allowed keys of that metadata map.</summary>
    private void EmitKeysMetric(JsonElement metadata, ReadOnlySpan<byte> mapKey, KeyAllowlist keys, MetricDescriptor metric)
    {
        var count = _baseCount;
        if (metadata.TryGetProperty(mapKey, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in map.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    continue;
                var labelName = keys.Find(JsonMarshal.GetRawUtf8PropertyName(property), property);
                if (labelName == null)
                    continue;
                EnsureLabelCapacity(count + 1);
                _labels[count] = new Label(labelName.Resolve(_labels.AsSpan(0, count)), property.Value.GetString()!);
                count++;
            }
        }
        _highWater = Math.Max(_highWater, count);
        EmitLabels(metric, count, 1);
    }

    /// <summary>
    /// A configured state: resolve its path segment by segment from <paramref name="value"/> (the value
    /// at segment <paramref name="segment"/>); a list on the way labels each item as the walk does
    /// (list key or index) and continues in every item. At the end a string (or true/false) is the state.
    /// </summary>
    private void EmitState(JsonElement value, StateRule rule, int segment, int depth)
    {
        if (depth >= MaxDepth)
            return;
        var kind = value.ValueKind;
        if (kind == JsonValueKind.Array && segment > 0)
        {
            var node = rule.Nodes[segment - 1];
            var slot = _count;
            var labelName = node.ListLabel.Resolve(_labels.AsSpan(0, slot));
            _count = slot + 1;
            _highWater = Math.Max(_highWater, _count);
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                _labels[slot] = new Label(labelName, ItemLabel(item, item.ValueKind, node.ListKey, index++));
                EmitState(item, rule, segment, depth + 1);
            }
            _count = slot;
            return;
        }
        if (segment < rule.Utf8Segments.Length)
        {
            if (kind == JsonValueKind.Object && value.TryGetProperty(rule.Utf8Segments[segment], out var next))
                EmitState(next, rule, segment + 1, depth + 1);
            return;
        }
        var current = kind switch
        {
            JsonValueKind.String => _rules.SharedLabelValue(value),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (current == null)
            return; // absent, null, a number (already exported) or a structure: no state
        var stateSlot = _count;
        var stateLabel = rule.Label.Resolve(_labels.AsSpan(0, stateSlot));
        _count = stateSlot + 1;
        _highWater = Math.Max(_highWater, _count);
        var listed = false;
        foreach (var v in rule.Values)
        {
            var isCurrent = string.Equals(v, current, StringComparison.Ordinal);
            listed |= isCurrent;
            _labels[stateSlot] = new Label(stateLabel, v);
            Emit(rule.Metric, isCurrent ? 1 : 0);
        }
        if (!listed)
        {
            // A plain state, or a value the state set does not list (a new phase, a typo in the config):
            // it is still the current one, and hiding it would hide exactly the unexpected.
            _labels[stateSlot] = new Label(stateLabel, current);
            Emit(rule.Metric, 1);
        }
        _count = stateSlot;
    }

    private void EmitInfo(JsonElement obj, InfoRule info)
    {
        if (!info.Each.TryResolve(obj, out var list) || list.ValueKind != JsonValueKind.Array)
            return;
        EnsureLabelCapacity(_baseCount + info.Labels.Length);
        foreach (var item in list.EnumerateArray())
        {
            var count = _baseCount;
            foreach (var (name, source) in info.Labels)
            {
                var value = item.ValueKind == JsonValueKind.Object ? _rules.LabelValue(source, item) : "";
                _labels[count] = new Label(name.Resolve(_labels.AsSpan(0, count)), value);
                count++;
            }
            _highWater = Math.Max(_highWater, count);
            EmitLabels(info.Metric, count, 1);
        }
    }

    /// <summary>An object sample: the current base and list labels, then the extras.</summary>
    private void Emit(MetricDescriptor metric, double value)
    {
        var count = _count;
        var extras = _rules.Extras;
        for (var i = 0; i < extras.Length; i++)
        {
            _labels[count] = new Label(extras[i].Name.Resolve(_labels.AsSpan(0, count)), _extraValues[i]);
            count++;
        }
        _highWater = Math.Max(_highWater, count);
        EmitLabels(metric, count, value);
    }

    private void EmitLabels(MetricDescriptor metric, int count, double value)
    {
        var labels = _labels.AsSpan(0, count);
        if (!_seen.Add(new SampleKey(metric, HashLabels(_baseHash, labels[_baseCount..]))))
            return; // keep the first
        _sink.Add(metric.Name, metric.Help, labels, value == 0 ? 0 : value); // -0 exported as 0
    }

    private static bool TryScalar(JsonElement value, JsonValueKind kind, out double number)
    {
        switch (kind)
        {
            case JsonValueKind.Number:
                return value.TryGetDouble(out number) && double.IsFinite(number);
            case JsonValueKind.True:
                number = 1;
                return true;
            case JsonValueKind.False:
                number = 0;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>
    /// The string conversions (README, Metric naming): quantities in resource maps, condition status,
    /// RFC 3339 timestamps, N% and Go durations. Every string of every object comes here, so ordinary
    /// strings (names, images, reasons) are turned away on their first byte, allocating nothing.
    /// </summary>
    private static StringConversion Convert(JsonElement value, bool quantity, bool conditionStatus, out double number)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1]; // the raw value of a string keeps its quotes
        if (raw.IndexOf((byte)'\\') >= 0)
            return ConvertEscaped(value, quantity, conditionStatus, out number);
        return ConvertText(raw, quantity, conditionStatus, out number);
    }

    private static StringConversion ConvertText(ReadOnlySpan<byte> text, bool quantity, bool conditionStatus, out double number)
    {
        if (quantity)
            return Quantity.TryParse(text, out number) ? StringConversion.Number : StringConversion.None; // "5m" is 0.005 here, not 5 minutes
        if (conditionStatus)
        {
            number = text.SequenceEqual("True"u8) ? 1 : text.SequenceEqual("False"u8) ? 0 : text.SequenceEqual("Unknown"u8) ? -1 : double.NaN;
            return double.IsNaN(number) ? StringConversion.None : StringConversion.Number;
        }
        number = 0;
        // Timestamps, percentages and durations all start with a digit.
        if (text.IsEmpty || (uint)(text[0] - '0') > 9)
            return StringConversion.None;
        if (Rfc3339.LooksLikeTimestamp(text))
            return Rfc3339.TryParseUnixSeconds(text, out number) ? StringConversion.Number : StringConversion.None;
        return text[^1] switch
        {
            (byte)'%' => Percentage.TryParse(text, out number) ? StringConversion.Percent : StringConversion.None,
            (byte)'s' or (byte)'m' or (byte)'h' => GoDuration.TryParseSeconds(text, out number) ? StringConversion.Seconds : StringConversion.None,
            _ => StringConversion.None,
        };
    }

    /// <summary>Rare: a string written with JSON escapes. Unescape (bounded) and convert the text.</summary>
    private static StringConversion ConvertEscaped(JsonElement value, bool quantity, bool conditionStatus, out double number)
    {
        number = 0;
        var text = value.GetString()!;
        if (text.Length > 64)
            return StringConversion.None;
        Span<byte> utf8 = stackalloc byte[64 * 3];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        return ConvertText(utf8[..length], quantity, conditionStatus, out number);
    }

    private static ulong HashLabels(ulong hash, ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            hash = HashString(hash, label.Name);
            hash = HashString(hash, label.Value);
        }
        return hash;
    }

    /// <summary>
    /// 64-bit multiply-xorshift over the length, then the string's UTF-16 bytes 8 at a time. Every
    /// step is a bijection of the running hash, so equal-length strings never collide with each other
    /// for a given prefix; the length up front separates ("ab","c") from ("a","bc").
    /// </summary>
    private static ulong HashString(ulong hash, string text)
    {
        const ulong prime = 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (ulong)text.Length) * prime;
        hash ^= hash >> 32;
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        while (bytes.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * prime;
            hash ^= hash >> 29;
            bytes = bytes[8..];
        }
        if (bytes.Length > 0)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++)
                tail |= (ulong)bytes[i] << (8 * i);
            hash = (hash ^ tail) * prime;
            hash ^= hash >> 32;
        }
        return hash;
    }

    private void EnsureLabelCapacity(int needed)
    {
        if (_labels.Length < needed)
            Array.Resize(ref _labels, Math.Max(needed, _labels.Length * 2));
    }

    private void Reset()
    {
        _labels.AsSpan(0, Math.Min(_highWater, _labels.Length)).Clear();
        Array.Clear(_extraValues);
        _highWater = 0;
        _count = _baseCount = 0;
        _listMask = 0;
        if (_seen.Count > MaxRetainedSeen)
            _seen = new HashSet<SampleKey>(64);
        else
            _seen.Clear();
        _rules = null!;
        _sink = null!;
    }
}

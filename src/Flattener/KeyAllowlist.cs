using System.Text.Json;
using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>
/// Which metadata.labels or metadata.annotations keys a labels/annotations metric exports, with the
/// label name of each. Keys repeat across objects, so the decision and the name are cached per raw
/// key (bounded; past the bound they are computed per use).
/// </summary>
internal sealed class KeyAllowlist
{
    private static readonly KeyEntry Denied = new(null);

    private readonly KeyGlob[] _globs;
    private readonly string _labelPrefix;
    private readonly Utf8Map<KeyEntry> _entries = new();

    /// <param name="globs">Empty: every key.</param>
    /// <param name="labelPrefix">Prepended to the sanitised key: "" for labels, "annotation_" for annotations.</param>
    public KeyAllowlist(IEnumerable<string> globs, string labelPrefix)
    {
        _globs = globs.Select(g => KeyGlob.TryParse(g, out var glob, out _) ? glob! : throw new ArgumentException($"invalid key glob '{g}'", nameof(globs))).ToArray();
        _labelPrefix = labelPrefix;
    }

    /// <summary>The label name of an allowed key, null for a key the allowlist leaves out.</summary>
    public LabelName? Find(ReadOnlySpan<byte> rawKey, JsonProperty property)
    {
        var entry = _entries.Find(rawKey)
            ?? (_entries.Count < FlattenRules.MaxCachedObjectLabelKeys ? _entries.GetOrAdd(rawKey, property, Decide) : null)
            ?? Decide(property);
        return entry.Name;
    }

    private KeyEntry Decide(JsonProperty property)
    {
        var key = property.Name;
        if (_globs.Length > 0 && !_globs.Any(g => g.Matches(key)))
            return Denied;
        return new KeyEntry(new LabelName(_labelPrefix + key));
    }

    private sealed class KeyEntry(LabelName? name)
    {
        public LabelName? Name { get; } = name;
    }
}

namespace KubeApiExporter.Flattener;

/// <summary>
/// A sanitised label name together with its clash-resolved spellings (<c>x</c>, <c>label_x</c>,
/// <c>label_label_x</c>, …). Which spelling a sample uses depends on the labels before it, which can
/// differ per sample (list labels vary with the path), so the spellings are kept and extended
/// lazily instead of being formatted per sample.
/// </summary>
internal sealed class LabelName
{
    private const string ClashPrefix = "label_";
    private readonly Lock _lock = new();
    private volatile string[] _spellings;

    public LabelName(string rawName) => _spellings = [PrometheusName.Sanitize(rawName)];

    public string Base => _spellings[0];

    /// <summary>The first spelling that no earlier label of the sample already uses.</summary>
    public string Resolve(ReadOnlySpan<Label> earlier)
    {
        var spellings = _spellings;
        for (var i = 0; ; i++)
        {
            if (i == spellings.Length)
                spellings = Extend(i + 1);
            var candidate = spellings[i];
            if (!Clashes(candidate, earlier))
                return candidate;
        }
    }

    private static bool Clashes(string candidate, ReadOnlySpan<Label> earlier)
    {
        foreach (var label in earlier)
            if (string.Equals(label.Name, candidate))
                return true;
        return false;
    }

    private string[] Extend(int count)
    {
        lock (_lock)
        {
            var old = _spellings;
            if (old.Length >= count)
                return old;
            var grown = new string[count];
            old.CopyTo(grown, 0);
            for (var i = old.Length; i < count; i++)
                grown[i] = ClashPrefix + grown[i - 1];
            _spellings = grown;
            return grown;
        }
    }
}

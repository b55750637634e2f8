namespace KubeApiExporter.Configuration;

/// <summary>
/// A glob over label or annotation keys (<c>app</c>, <c>app.kubernetes.io/*</c>, <c>*</c>) for the
/// <c>labelsMetric</c> and <c>annotationsMetric</c> allowlists: <c>*</c> matches any run of characters,
/// dots and slashes included, as in kube-state-metrics' <c>--metric-labels-allowlist</c>. Case-sensitive,
/// as Kubernetes keys are.
/// </summary>
public sealed class KeyGlob
{
    private KeyGlob(string text) => Text = text;

    public string Text { get; }

    /// <summary>Parses a key glob; on failure <paramref name="error"/> says what is wrong and how to write it.</summary>
    public static bool TryParse(string text, out KeyGlob? glob, out string error)
    {
        glob = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty key: write a label or annotation key such as 'app' or 'app.kubernetes.io/*'";
            return false;
        }
        foreach (var c in text)
        {
            // The characters of a Kubernetes key ([prefix/]name: letters, digits, '-', '_', '.', one '/') and '*'.
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '*'))
            {
                error = $"key '{text}' contains '{c}': keys are letters, digits, '-', '_', '.' and one '/', with '*' as the only wildcard, e.g. 'app.kubernetes.io/*'";
                return false;
            }
        }
        if (text.Count(c => c == '/') > 1)
        {
            error = $"key '{text}' has more than one '/': a key is [prefix/]name, e.g. 'app.kubernetes.io/name'";
            return false;
        }
        glob = new KeyGlob(text);
        error = "";
        return true;
    }

    public bool Matches(string key) => FieldGlob.SegmentMatches(Text, key);

    public override string ToString() => Text;
}

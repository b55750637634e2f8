using System.Text.RegularExpressions;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// The shipped k8s/alerts/alerts.yaml (or another rule file, such as examples/cluster-alerts.yaml)
/// with every rule's `for:` duration shortened, so a test sees an alert go pending -> firing in
/// seconds instead of minutes. The file is only read.
/// </summary>
public static partial class AlertRulesCopy
{
    public static string ShippedPath => Path.Combine(RepoPaths.Root, "k8s", "alerts", "alerts.yaml");

    public static string ClusterExamplePath => Path.Combine(RepoPaths.Root, "examples", "cluster-alerts.yaml");

    /// <summary>The shipped rule file text with each `for: &lt;duration&gt;` key replaced by `for: &lt;shortFor&gt;`.</summary>
    public static (string Text, int Replaced) WithShortFor(string shortFor) => WithShortFor(ShippedPath, shortFor);

    /// <summary>The rule file at <paramref name="path"/> with each `for: &lt;duration&gt;` key replaced by `for: &lt;shortFor&gt;`.</summary>
    public static (string Text, int Replaced) WithShortFor(string path, string shortFor)
    {
        var replaced = 0;
        var text = ForKey().Replace(File.ReadAllText(path), m =>
        {
            replaced++;
            return $"{m.Groups["indent"].Value}for: {shortFor}";
        });
        if (replaced == 0)
            throw new InvalidOperationException($"no `for:` key found in {path}: has the rule format changed?");
        return (text, replaced);
    }

    // A `for:` mapping key on its own line (rule level), with a Prometheus duration and an optional comment.
    [GeneratedRegex(@"^(?<indent>[ ]+)for:[ ]*[0-9]+(ms|s|m|h|d|w|y)([0-9]+(ms|s|m|h|d|w|y))*[ ]*(#.*)?$", RegexOptions.Multiline)]
    private static partial Regex ForKey();
}

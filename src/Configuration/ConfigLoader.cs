using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeApiExporter.Configuration;

/// <summary>
/// Loads and validates exporter.yaml as a whole (README, "Bad configuration"): every problem is reported, one line each, with
/// file:line:column and the fix; the config is returned only when there is no problem at all.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads and validates <paramref name="path"/>; a missing or unreadable file is one problem.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path))
                return Fail(path, $"'{path}' is a directory, not a config file: pass the file itself, e.g. --config {Path.Combine(path, "exporter.yaml")}");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(path, $"config file not found (looked for '{Path.GetFullPath(path)}'): "
                + "pass the right path with --config PATH, or create exporter.yaml (see README, Configuration)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Fail(path, $"cannot read config file: {e.Message} Check the file's permissions, or pass another path with --config PATH");
        }
        return LoadText(text, path);

        static ConfigLoadResult Fail(string file, string message) => new(null, [new ConfigProblem(file, 0, 0, message)]);
    }

    /// <summary>Validates config text; <paramref name="fileName"/> is only used in problem messages.</summary>
    public static ConfigLoadResult LoadText(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var v = new ConfigValidator(fileName);
        var config = v.Validate(text);
        var problems = v.Problems
            .Select((p, i) => (p, i))
            .OrderBy(t => t.p.Line).ThenBy(t => t.p.Column).ThenBy(t => t.i)
            .Select(t => t.p)
            .ToList();
        return new ConfigLoadResult(config, problems);
    }
}

/// <summary>Walks the YAML tree once, collecting problems and building the records as it goes.</summary>
internal sealed partial class ConfigValidator(string file)
{
    internal static readonly string[] TopKeys = ["port", "prefix", "namespaces", "resources"];
    internal static readonly string[] ResourceKeys =
    [
        "name", "apiVersion", "resource", "namespaced", "labelSelector", "fieldSelector", "include", "exclude",
        "labels", "listKeys", "zeroFill", "labelsMetric", "annotationsMetric", "info", "states", "maxSeriesPerObject",
    ];
    internal static readonly string[] InfoKeys = ["metric", "each", "labels"];
    internal static readonly string[] StateKeys = ["label", "values"];

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")] private static partial Regex MetricSegment();
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")] private static partial Regex DnsLabel();
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")] private static partial Regex DnsSubdomain();
    [GeneratedRegex("^v[0-9]+((alpha|beta)[0-9]+)?$")] private static partial Regex ApiVersionPart();

    private const string ResourceExample = "{name: pod, apiVersion: v1, resource: pods}";

    public List<ConfigProblem> Problems { get; } = [];

    /// <summary>Mappings whose unknown keys already suggested a known key (so "missing X" would repeat it).</summary>
    private readonly HashSet<(YMapping Map, string Key)> _suggested = [];

    private bool Missing(YMapping map, Dictionary<string, YNode> keys, string key) =>
        !keys.ContainsKey(key) && !_suggested.Contains((map, key));

    private void Add(YNode at, string message) => Problems.Add(new ConfigProblem(file, at.Line, at.Column, message));
    private void Add(int line, int column, string message) => Problems.Add(new ConfigProblem(file, line, column, message));

    public ExporterConfig? Validate(string text)
    {
        List<YNode> docs;
        try
        {
            docs = YamlTree.Load(text);
        }
        catch (YamlSyntaxProblem e)
        {
            Add(e.Line, e.Column, $"invalid YAML: {e.Message.TrimEnd('.')}. {SyntaxHint(e.Message)}");
            return null;
        }

        if (docs.Count == 0 || (docs.Count == 1 && docs[0] is YScalar { IsNull: true }))
        {
            Add(1, 1, "config is empty: it needs at least `resources:` with one entry, see README");
            return null;
        }
        if (docs.Count > 1)
        {
            Add(docs[1], $"the file holds {docs.Count} YAML documents separated by '---': put the whole config in one document");
            return null;
        }
        if (docs[0] is not YMapping root)
        {
            Add(docs[0], $"the top level must be a mapping of keys (port:, prefix:, namespaces:, resources:), not {docs[0].Describe()}; see README");
            return null;
        }
        return ReadTop(root);
    }

    private static string SyntaxHint(string message) =>
        message.Contains("tab", StringComparison.OrdinalIgnoreCase)
            ? "Indent with spaces, not tabs."
            : message.Contains("not closed", StringComparison.Ordinal)
                ? "Close it with ']' or '}' on the same entry."
                : "Check the indentation and quoting on this line and the one before it (nested keys are indented by spaces, list items start with '- ').";

    // ---------------------------------------------------------------- top level

    private ExporterConfig? ReadTop(YMapping root)
    {
        var keys = ReadKeys(root, TopKeys, "");
        var config = new ExporterConfig();

        if (keys.TryGetValue("port", out var port))
        {
            var p = Int(port, "port", "an integer from 1 to 65535, e.g. port: 8080");
            if (p is { } n)
            {
                if (n is < 1 or > 65535) Add(port, $"port must be from 1 to 65535, e.g. port: 8080; got {n}");
                else config = config with { Port = n };
            }
        }
        if (keys.TryGetValue("prefix", out var prefix))
        {
            var s = Str(prefix, "prefix", "prefix: k8s");
            if (s is not null)
            {
                if (s.Length == 0) Add(prefix, "prefix is empty: every metric needs a first segment, e.g. prefix: k8s");
                else if (!MetricSegment().IsMatch(s)) Add(prefix, $"prefix '{s}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. prefix: k8s");
                else config = config with { Prefix = s };
            }
        }
        if (keys.TryGetValue("namespaces", out var nsNode))
        {
            var list = StrList(nsNode, "namespaces", "namespaces: [default, kube-system] (or [] for all namespaces)");
            if (list is not null)
            {
                var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
                foreach (var (value, node) in list)
                {
                    if (!DnsLabel().IsMatch(value) || value.Length > 63)
                        Add(node, $"namespace '{value}' is not a valid namespace name: lowercase letters, digits and '-', e.g. kube-system");
                    else if (seen.TryGetValue(value, out var first))
                        Add(node, $"namespace '{value}' is listed twice (first at line {first.Line}): remove one");
                    else
                        seen[value] = node;
                }
                config = config with { Namespaces = list.Select(t => t.Value).ToList() };
            }
        }

        if (!keys.TryGetValue("resources", out var resNode))
        {
            Add(root, $"missing 'resources': add the list of kinds to watch, e.g. resources: [{ResourceExample}]");
        }
        else if (resNode is YSequence seq)
        {
            if (seq.Items.Count == 0)
                Add(seq, $"resources is empty: add at least one entry with name, apiVersion and resource, e.g. {ResourceExample}");
            var resources = new List<ResourceConfig>();
            var names = new Dictionary<string, (int Index, YNode Node)>(StringComparer.Ordinal);
            for (var i = 0; i < seq.Items.Count; i++)
            {
                var r = ReadResource(seq.Items[i], i, config.Prefix, names);
                if (r is not null) resources.Add(r);
            }
            config = config with { Resources = resources };
        }
        else
        {
            TypeError(resNode, "resources", $"a list of entries, each starting with '- ', e.g. resources: [{ResourceExample}]");
        }

        return Problems.Count == 0 ? config : null;
    }

    // ---------------------------------------------------------------- resources[i]

    private ResourceConfig? ReadResource(YNode node, int index, string prefix, Dictionary<string, (int Index, YNode Node)> names)
    {
        var where = $"resources[{index}]";
        if (node is not YMapping map)
        {
            Add(node, $"{where} must be a mapping with name, apiVersion and resource, e.g. - {ResourceExample}; got {node.Describe()}");
            return null;
        }
        var keys = ReadKeys(map, ResourceKeys, where);
        var r = new ResourceConfig();

        // name
        if (Missing(map, keys, "name"))
            Add(map, $"{where} is missing 'name': add e.g. name: pod (the second segment of its metric names, {prefix}_pod_...)");
        else if (keys.TryGetValue("name", out var nameNode) && Str(nameNode, $"{where}.name", "name: pod", required: true) is { } name)
        {
            if (!MetricSegment().IsMatch(name))
                Add(nameNode, $"{where}.name '{name}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. name: {Suggest(name)}");
            else if (names.TryGetValue(name, out var first))
                Add(nameNode, $"duplicate name '{name}' in {where}: resources[{first.Index}] at line {first.Node.Line} already uses it; give each entry its own name (it forms the metric names {prefix}_{name}_...)");
            else
                names[name] = (index, nameNode);
            r = r with { Name = name };
        }

        // apiVersion
        if (Missing(map, keys, "apiVersion"))
            Add(map, $"{where} is missing 'apiVersion': add e.g. apiVersion: v1 (core kinds such as pods) or apiVersion: apps/v1");
        else if (keys.TryGetValue("apiVersion", out var avNode) && Str(avNode, $"{where}.apiVersion", "apiVersion: apps/v1", required: true) is { } av)
        {
            if (ApiVersionProblem(av) is { } msg) Add(avNode, $"{where}.apiVersion {msg}");
            r = r with { ApiVersion = av };
        }

        // resource
        if (Missing(map, keys, "resource"))
            Add(map, $"{where} is missing 'resource': add the lowercase plural used in the API path, e.g. resource: deployments");
        else if (keys.TryGetValue("resource", out var resNode) && Str(resNode, $"{where}.resource", "resource: deployments", required: true) is { } res)
        {
            if (!DnsLabel().IsMatch(res) || res.Length > 63)
            {
                var lower = res.ToLowerInvariant();
                var hint = res.Contains('/') ? " (subresources such as pods/status cannot be watched)"
                    : DnsLabel().IsMatch(lower) ? $"; did you mean '{lower}'?" : "";
                Add(resNode, $"{where}.resource '{res}' must be the lowercase plural as in the API path, e.g. resource: deployments{hint}");
            }
            r = r with { Resource = res };
        }

        if (keys.TryGetValue("namespaced", out var nsd) && Bool(nsd, $"{where}.namespaced") is { } namespaced)
            r = r with { Namespaced = namespaced };
        if (keys.TryGetValue("labelSelector", out var ls) && Str(ls, $"{where}.labelSelector", "labelSelector: \"app=web,tier!=cache\"") is { } lsv)
            r = r with { LabelSelector = lsv };
        if (keys.TryGetValue("fieldSelector", out var fs) && Str(fs, $"{where}.fieldSelector", "fieldSelector: \"status.phase=Running\"") is { } fsv)
            r = r with { FieldSelector = fsv };
        if (keys.TryGetValue("include", out var inc) && Globs(inc, $"{where}.include", "include: [status.*Replicas, spec.replicas]") is { } incv)
            r = r with { Include = incv };
        if (keys.TryGetValue("exclude", out var exc) && Globs(exc, $"{where}.exclude", "exclude: [\"spec.template.**\"]") is { } excv)
            r = r with { Exclude = excv };
        if (keys.TryGetValue("zeroFill", out var zf) && Globs(zf, $"{where}.zeroFill", "zeroFill: [status.failed, status.succeeded]") is { } zfv)
            r = r with { ZeroFill = zfv };
        if (keys.TryGetValue("labels", out var lab) && LabelMap(lab, $"{where}.labels", "labels: {node: spec.nodeName}", prefix, allowEmpty: true) is { } labv)
            r = r with { Labels = labv };
        if (keys.TryGetValue("listKeys", out var lk) && ListKeys(lk, $"{where}.listKeys") is { } lkv)
            r = r with { ListKeys = lkv };
        if (keys.TryGetValue("labelsMetric", out var lm))
            r = LabelsMetric(lm, $"{where}.labelsMetric", r);
        if (keys.TryGetValue("annotationsMetric", out var am)
            && KeyGlobs(am, $"{where}.annotationsMetric", "annotationsMetric: [argocd.argoproj.io/sync-wave, \"example.com/*\"]") is { } amv)
            r = r with { AnnotationsMetric = amv };
        if (keys.TryGetValue("states", out var st) && States(st, $"{where}.states") is { } stv)
            r = r with { States = stv };
        if (keys.TryGetValue("maxSeriesPerObject", out var ms)
            && Int(ms, $"{where}.maxSeriesPerObject", "an integer of at least 1, e.g. maxSeriesPerObject: 10000") is { } msv)
        {
            if (msv < 1) Add(ms, $"{where}.maxSeriesPerObject must be at least 1, e.g. maxSeriesPerObject: 10000 (the default); got {msv}");
            else r = r with { MaxSeriesPerObject = msv };
        }
        if (keys.TryGetValue("info", out var info))
        {
            if (info is YSequence infoSeq)
            {
                var list = new List<InfoConfig>();
                var metrics = new Dictionary<string, YNode>(StringComparer.Ordinal);
                for (var j = 0; j < infoSeq.Items.Count; j++)
                    if (ReadInfo(infoSeq.Items[j], $"{where}.info[{j}]", prefix, r.Name, metrics, r) is { } ic)
                        list.Add(ic);
                r = r with { Info = list };
            }
            else
            {
                TypeError(info, $"{where}.info", "a list of {metric, each, labels} entries, e.g. info: [{metric: images, each: spec.containers, labels: {container_name: name, image: image}}]");
            }
        }
        return r;
    }

    private static string? ApiVersionProblem(string av)
    {
        const string fix = "write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1";
        if (av == "core/v1" || av == "api/v1")
            return $"'{av}' names the core group, which is written just 'v1'";
        var slash = av.IndexOf('/');
        if (slash < 0)
            return ApiVersionPart().IsMatch(av) ? null : $"'{av}' is not 'v1' or 'group/version': {fix}";
        var group = av[..slash];
        var version = av[(slash + 1)..];
        if (group.Length == 0 || !DnsSubdomain().IsMatch(group) || !ApiVersionPart().IsMatch(version))
            return $"'{av}' is not 'v1' or 'group/version' (group lowercase like apps or example.com, version like v1 or v1beta1): {fix}";
        return null;
    }

    private static string Suggest(string name)
    {
        var s = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) s = "_" + s;
        return s;
    }

    // ---------------------------------------------------------------- info[j]

    private InfoConfig? ReadInfo(YNode node, string where, string prefix, string resourceName, Dictionary<string, YNode> metrics, ResourceConfig resource)
    {
        const string example = "{metric: images, each: spec.containers, labels: {container_name: name, image: image}}";
        if (node is not YMapping map)
        {
            Add(node, $"{where} must be a mapping with metric, each and labels, e.g. - {example}; got {node.Describe()}");
            return null;
        }
        var keys = ReadKeys(map, InfoKeys, where);
        var ic = new InfoConfig();

        if (Missing(map, keys, "metric"))
            Add(map, $"{where} is missing 'metric': add e.g. metric: images (exported as {prefix}_{resourceName}_images)");
        else if (keys.TryGetValue("metric", out var m) && Str(m, $"{where}.metric", "metric: images", required: true) is { } metric)
        {
            if (!MetricSegment().IsMatch(metric))
                Add(m, $"{where}.metric '{metric}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. metric: {Suggest(metric)}");
            else if (resource.LabelsMetric && metric == "labels")
                Add(m, $"{where}.metric 'labels' clashes with labelsMetric: true, which exports {prefix}_{resourceName}_labels: pick another metric name");
            else if (resource.AnnotationsMetric.Count > 0 && metric == "annotations")
                Add(m, $"{where}.metric 'annotations' clashes with annotationsMetric, which exports {prefix}_{resourceName}_annotations: pick another metric name");
            else if (metrics.TryGetValue(metric, out var first))
                Add(m, $"{where}.metric '{metric}' is used twice in this resource (first at line {first.Line}): give each info entry its own metric");
            else
                metrics[metric] = m;
            ic = ic with { Metric = metric };
        }

        if (Missing(map, keys, "each"))
            Add(map, $"{where} is missing 'each': add the dotted path of the list to iterate, e.g. each: spec.containers");
        else if (keys.TryGetValue("each", out var e) && Str(e, $"{where}.each", "each: spec.containers", required: true) is { } each)
        {
            if (PathProblem(each) is { } msg) Add(e, $"{where}.each {msg}, e.g. each: spec.containers");
            ic = ic with { Each = each };
        }

        if (Missing(map, keys, "labels"))
            Add(map, $"{where} is missing 'labels': add label name -> field of each item, e.g. labels: {{container_name: name, image: image}}");
        else if (keys.TryGetValue("labels", out var l) && LabelMap(l, $"{where}.labels", "labels: {container_name: name, image: image}", prefix, allowEmpty: false) is { } labels)
            ic = ic with { Labels = labels };

        return ic;
    }

    // ---------------------------------------------------------------- labelsMetric, annotationsMetric, states

    /// <summary><c>labelsMetric: true|false</c>, or a list of label keys/globs: the labels metric with only those labels.</summary>
    private ResourceConfig LabelsMetric(YNode node, string what, ResourceConfig r)
    {
        const string expected = "true, false or a list of label keys (globs with '*'), e.g. labelsMetric: [app, \"app.kubernetes.io/*\"]";
        if (node is YSequence)
        {
            if (KeyGlobs(node, what, "labelsMetric: [app, \"app.kubernetes.io/*\"]") is not { } keys)
                return r;
            if (keys.Count == 0)
                Add(node, $"{what} is an empty list: list the label keys to export, e.g. labelsMetric: [app], or write labelsMetric: false");
            return r with { LabelsMetric = keys.Count > 0, LabelsMetricKeys = keys };
        }
        if (node is YScalar { IsNull: false } s)
            switch (s.Value.ToLowerInvariant())
            {
                case "true" or "yes" or "on": return r with { LabelsMetric = true };
                case "false" or "no" or "off": return r with { LabelsMetric = false };
            }
        TypeError(node, what, expected);
        return r;
    }

    private List<string>? KeyGlobs(YNode node, string what, string example)
    {
        var list = StrList(node, what, example);
        if (list is null) return null;
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (value, s) in list)
        {
            if (!KeyGlob.TryParse(value, out _, out var error))
                Add(s, $"{what}: {error}");
            else if (seen.TryGetValue(value, out var first))
                Add(s, $"{what}: '{value}' is listed twice (first at line {first.Line}): remove one");
            else
                seen[value] = s;
        }
        return list.Select(t => t.Value).ToList();
    }

    /// <summary><c>states:</c> string field path -> label name, or -> {label, values} for a state set.</summary>
    private Dictionary<string, StateConfig>? States(YNode node, string what)
    {
        const string example = "states: {status.phase: phase}";
        if (node is not YMapping map)
        {
            TypeError(node, what, $"a mapping of string field path -> label name, e.g. {example}");
            return null;
        }
        var result = new Dictionary<string, StateConfig>(StringComparer.Ordinal);
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                Add(k, $"keys of {what} must be dotted field paths, e.g. {example}; got {k.Describe()}");
                continue;
            }
            var path = ks.Value;
            if (seen.TryGetValue(path, out var first))
            {
                Add(ks, $"duplicate key '{path}' in {what} (first at line {first.Line}): keep only one");
                continue;
            }
            seen[path] = ks;
            if (PathProblem(path) is { } problem)
                Add(ks, $"{what} key {problem}, e.g. {example} (lists on the way need no index: status.containerStatuses.state.waiting.reason)");
            if (State(v, $"{what}.{path}") is { } state)
                result[path] = state;
        }
        return result;
    }

    private StateConfig? State(YNode node, string what)
    {
        const string setExample = "{label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}";
        if (node is YScalar { IsNull: false } s)
            return StateLabel(s, what) ? new StateConfig { Label = s.Value } : null;
        if (node is not YMapping map)
        {
            TypeError(node, what, $"a label name (e.g. phase) or a state set {setExample}");
            return null;
        }
        var keys = ReadKeys(map, StateKeys, what);
        var state = new StateConfig();
        var ok = true;
        if (Missing(map, keys, "label"))
        {
            Add(map, $"{what} is missing 'label': add the label that carries the value, e.g. {setExample}");
            ok = false;
        }
        else if (keys.TryGetValue("label", out var l))
        {
            if (l is YScalar { IsNull: false } ls && StateLabel(ls, $"{what}.label"))
                state = state with { Label = ls.Value };
            else
            {
                if (l is not YScalar { IsNull: false }) Add(l, $"{what}.label must be a label name, e.g. {setExample}; got {l.Describe()}");
                ok = false;
            }
        }
        if (keys.TryGetValue("values", out var vn))
        {
            var values = StrList(vn, $"{what}.values", "values: [Pending, Running, Succeeded, Failed, Unknown]");
            if (values is null)
                ok = false;
            else if (values.Count == 0)
            {
                Add(vn, $"{what}.values is empty: list the possible values, e.g. {setExample}, or write just the label name for the current value only");
                ok = false;
            }
            else
            {
                var seenValues = new Dictionary<string, YScalar>(StringComparer.Ordinal);
                foreach (var (value, vs) in values)
                {
                    if (seenValues.TryGetValue(value, out var firstValue))
                    {
                        Add(vs, $"{what}.values lists '{value}' twice (first at line {firstValue.Line}): remove one");
                        ok = false;
                    }
                    else
                        seenValues[value] = vs;
                }
                state = state with { Values = values.Select(t => t.Value).ToList() };
            }
        }
        return ok ? state : null;
    }

    private bool StateLabel(YScalar label, string what)
    {
        var name = label.Value;
        if (!MetricSegment().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            Add(label, $"{what}: label name '{name}' is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. {Suggest(name).TrimStart('_')}");
            return false;
        }
        if (name is ObjectIdentityLabels.Name or ObjectIdentityLabels.Namespace)
        {
            Add(label, $"{what}: label '{name}' would clash with the object's own '{name}' label: pick another, e.g. phase or reason");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- keys of a mapping

    /// <summary>Known keys of <paramref name="map"/>; unknown, duplicate and non-scalar keys become problems.</summary>
    private Dictionary<string, YNode> ReadKeys(YMapping map, string[] known, string where)
    {
        var result = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var keyNodes = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var at = where.Length == 0 ? "" : $" in {where}";
        foreach (var (k, value) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                Add(k, $"a key{at} must be a plain name, not {k.Describe()}; known keys are {string.Join(", ", known)}");
                continue;
            }
            var key = ks.Value;
            if (keyNodes.TryGetValue(key, out var firstKey))
            {
                Add(ks, $"duplicate key '{key}'{at} (first at line {firstKey.Line}): keep only one");
                continue;
            }
            keyNodes[key] = ks;
            if (Array.IndexOf(known, key) >= 0)
                result[key] = value;
            else
            {
                if (DidYouMean(key, known) is { } suggestion) _suggested.Add((map, suggestion));
                Add(ks, $"unknown key '{key}'{at}: {UnknownKeyFix(key, known, where)}");
            }
        }
        return result;
    }

    private static string UnknownKeyFix(string key, string[] known, string where)
    {
        var isResource = where.StartsWith("resources[", StringComparison.Ordinal) && !where.Contains(".info[");
        if (isResource && key.Equals("namespace", StringComparison.OrdinalIgnoreCase) || isResource && key.Equals("namespaces", StringComparison.OrdinalIgnoreCase))
            return "namespaces cannot be chosen per resource: list them in the top-level 'namespaces:' (applies to every resource); 'namespaced: false' marks a cluster-scoped kind";
        if (DidYouMean(key, known) is { } suggestion)
            return $"did you mean '{suggestion}'?";
        if (where.Length == 0 && DidYouMean(key, ResourceKeys) is { } rk)
            return $"'{rk}' belongs inside an entry of resources:, e.g. resources: [{{name: pod, {rk}: ...}}]";
        if (isResource && DidYouMean(key, TopKeys) is { } tk)
            return $"'{tk}' is a top-level key: move it out of resources:, unindented";
        return $"known keys here are {string.Join(", ", known)}";
    }

    /// <summary>The known key that differs only in case or by at most 2 edits (1 for short keys), if any.</summary>
    internal static string? DidYouMean(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            if (k.Equals(key, StringComparison.OrdinalIgnoreCase))
                return k;
            var d = EditDistance(key.ToLowerInvariant(), k.ToLowerInvariant());
            var limit = Math.Min(k.Length, key.Length) <= 3 ? 1 : 2;
            if (d <= limit && d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    // ---------------------------------------------------------------- typed values

    private void TypeError(YNode node, string what, string expected) =>
        Add(node, node is YScalar { IsNull: true }
            ? $"{what} has no value: it must be {expected}; or remove the key to use the default"
            : $"{what} must be {expected}; got {node.Describe()}");

    private string? Str(YNode node, string what, string example, bool required = false)
    {
        if (node is YScalar { IsNull: false } s) return s.Value;
        if (node is YScalar) Add(node, required ? $"{what} has no value: it is required, write e.g. {example}" : $"{what} has no value: write e.g. {example}, or remove the key to use the default");
        else Add(node, $"{what} must be a single string, e.g. {example}; got {node.Describe()}");
        return null;
    }

    private int? Int(YNode node, string what, string expected)
    {
        if (node is YScalar { IsNull: false } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return n;
        TypeError(node, what, expected);
        return null;
    }

    private bool? Bool(YNode node, string what)
    {
        if (node is YScalar { IsNull: false } s)
            switch (s.Value.ToLowerInvariant())
            {
                case "true" or "yes" or "on": return true;
                case "false" or "no" or "off": return false;
            }
        TypeError(node, what, "true or false");
        return null;
    }

    private List<(string Value, YScalar Node)>? StrList(YNode node, string what, string example)
    {
        if (node is YSequence seq)
        {
            var list = new List<(string, YScalar)>();
            var ok = true;
            foreach (var item in seq.Items)
            {
                if (item is YScalar { IsNull: false } s) list.Add((s.Value, s));
                else
                {
                    Add(item, $"each entry of {what} must be a string, e.g. {example}; got {item.Describe()}");
                    ok = false;
                }
            }
            return ok ? list : null;
        }
        if (node is YScalar { IsNull: false } one)
            Add(node, $"{what} must be a list: write {what[(what.LastIndexOf('.') + 1)..]}: [{one.Value}]");
        else
            TypeError(node, what, $"a list, e.g. {example}");
        return null;
    }

    private List<string>? Globs(YNode node, string what, string example)
    {
        var list = StrList(node, what, example);
        if (list is null) return null;
        foreach (var (value, s) in list)
            if (!FieldGlob.TryParse(value, out _, out var error))
                Add(s, $"{what}: {error}");
        return list.Select(t => t.Value).ToList();
    }

    private List<(YScalar Key, YScalar Value)>? StrMap(YNode node, string what, string example)
    {
        if (node is not YMapping map)
        {
            TypeError(node, what, $"a mapping, e.g. {example}");
            return null;
        }
        var list = new List<(YScalar, YScalar)>();
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (k, v) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                Add(k, $"keys of {what} must be plain names, e.g. {example}; got {k.Describe()}");
                ok = false;
                continue;
            }
            if (seen.TryGetValue(ks.Value, out var first))
            {
                Add(ks, $"duplicate key '{ks.Value}' in {what} (first at line {first.Line}): keep only one");
                ok = false;
                continue;
            }
            seen[ks.Value] = ks;
            if (v is not YScalar { IsNull: false } vs)
            {
                Add(v, $"{what}.{ks.Value} must be a string field path, e.g. {example}; got {v.Describe()}");
                ok = false;
                continue;
            }
            list.Add((ks, vs));
        }
        return ok ? list : null;
    }

    private Dictionary<string, string>? LabelMap(YNode node, string what, string example, string prefix, bool allowEmpty)
    {
        var entries = StrMap(node, what, example);
        if (entries is null) return null;
        if (!allowEmpty && entries.Count == 0)
            Add(node, $"{what} is empty: add at least one label name -> field, e.g. {example}");
        foreach (var (k, v) in entries)
        {
            if (!MetricSegment().IsMatch(k.Value) || k.Value.StartsWith("__", StringComparison.Ordinal))
                Add(k, $"label name '{k.Value}' in {what} is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. {Suggest(k.Value).TrimStart('_')}");
            if (PathProblem(v.Value) is { } msg)
                Add(v, $"{what}.{k.Value} {msg}, e.g. {example}");
        }
        return entries.ToDictionary(t => t.Key.Value, t => t.Value.Value, StringComparer.Ordinal);
    }

    private Dictionary<string, string>? ListKeys(YNode node, string what)
    {
        const string example = "listKeys: {containers: name}";
        var entries = StrMap(node, what, example);
        if (entries is null) return null;
        foreach (var (k, v) in entries)
        {
            if (k.Value.Any(char.IsWhiteSpace) || k.Value.Contains('*'))
                Add(k, $"{what} key '{k.Value}' must be the name of a list field, e.g. {example}");
            if (v.Value.Length == 0 || v.Value.Any(char.IsWhiteSpace) || v.Value.Contains('*'))
                Add(v, $"{what}.{k.Value} must name the item field whose value labels the item, e.g. {example}");
        }
        return entries.ToDictionary(t => t.Key.Value, t => t.Value.Value, StringComparer.Ordinal);
    }

    /// <summary>A dotted field path such as spec.nodeName: non-empty segments, no wildcards or spaces.</summary>
    private static string? PathProblem(string path)
    {
        if (path.Length == 0) return "is empty: write a dotted field path";
        if (path.Any(char.IsWhiteSpace) || path.Contains('*'))
            return $"'{path}' must be a plain dotted field path (no spaces or wildcards)";
        if (path.Split('.').Any(s => s.Length == 0))
            return $"'{path}' has an empty segment: separate field names with single dots";
        return null;
    }
}

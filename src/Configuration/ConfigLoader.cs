namespace KubeApiExporter.Configuration;

/// <summary>
/// Loads and validates exporter.yaml as a whole (README, "Bad configuration"): every problem is reported, one line each, with
/// file:line:column and the fix; the config is returned only when there is no problem at all.
/// The loader parses the YAML tree and walks it; what each key may hold is the business of one
/// validator per concern (Validation/): it reads its keys, reports their problems and fills its part of the records.
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
        var ctx = new ValidationContext(fileName);
        var config = ParseRoot(text, ctx) is { } root ? ReadConfig(root, ctx) : null;
        return new ConfigLoadResult(ctx.Problems.Count == 0 ? config : null, ctx.Problems.InFileOrder());
    }

    /// <summary>The top-level mapping, or null after the one problem that stops everything (bad YAML, no or several documents).</summary>
    private static YMapping? ParseRoot(string text, ValidationContext ctx)
    {
        List<YNode> docs;
        try
        {
            docs = YamlTree.Load(text);
        }
        catch (YamlSyntaxProblem e)
        {
            ctx.Problems.Add(e.Line, e.Column, $"invalid YAML: {e.Message.TrimEnd('.')}. {SyntaxHint(e.Message)}");
            return null;
        }

        if (docs.Count == 0 || (docs.Count == 1 && docs[0] is YScalar { IsNull: true }))
        {
            ctx.Problems.Add(1, 1, "config is empty: it needs at least `resources:` with one entry, see README");
            return null;
        }
        if (docs.Count > 1)
        {
            ctx.Problems.Add(docs[1], $"the file holds {docs.Count} YAML documents separated by '---': put the whole config in one document");
            return null;
        }
        if (docs[0] is not YMapping root)
        {
            ctx.Problems.Add(docs[0], $"the top level must be a mapping of keys (port:, prefix:, namespaces:, resources:), not {docs[0].Describe()}; see README");
            return null;
        }
        return root;
    }

    private static string SyntaxHint(string message) =>
        message.Contains("tab", StringComparison.OrdinalIgnoreCase)
            ? "Indent with spaces, not tabs."
            : message.Contains("not closed", StringComparison.Ordinal)
                ? "Close it with ']' or '}' on the same entry."
                : "Check the indentation and quoting on this line and the one before it (nested keys are indented by spaces, list items start with '- ').";

    private static ExporterConfig ReadConfig(YMapping root, ValidationContext ctx)
    {
        // Keys first: an unknown key's did-you-mean silences the "missing" of the key it names.
        var keys = ctx.Keys.Read(root, ConfigKeys.Top, "");
        var scope = new WatchScopeValidator(ctx);
        var config = new ServerSettingsValidator(ctx).Apply(keys, new ExporterConfig());
        config = scope.ApplyNamespaces(keys, config);

        if (!keys.TryGetValue("resources", out var resNode))
        {
            ctx.Problems.Add(root, $"missing 'resources': add the list of kinds to watch, e.g. resources: [{ConfigKeys.ResourceExample}]");
            return config;
        }
        if (resNode is not YSequence seq)
        {
            ctx.Values.TypeError(resNode, "resources", $"a list of entries, each starting with '- ', e.g. resources: [{ConfigKeys.ResourceExample}]");
            return config;
        }
        if (seq.Items.Count == 0)
            ctx.Problems.Add(seq, $"resources is empty: add at least one entry with name, apiVersion and resource, e.g. {ConfigKeys.ResourceExample}");

        // In the order the keys have always been checked: it orders the problems that share a position
        // (a node used twice through a YAML alias), which ConfigProblemOrderTests pin.
        IResourceValidator[] validators =
        [
            new ResourceIdentityValidator(ctx), // name, apiVersion, resource, namespaced; one instance, so names are unique across entries
            scope,                              // labelSelector, fieldSelector
            new FieldRulesValidator(ctx),       // include, exclude, zeroFill, labels, listKeys
            new MetadataMetricsValidator(ctx),  // labelsMetric, annotationsMetric
            new StatesValidator(ctx),           // states
            new LimitsValidator(ctx),           // maxSeriesPerObject
            new InfoValidator(ctx),             // info, last: its metric names must not clash with the metadata metrics
        ];
        var resources = new List<ResourceConfig>();
        for (var i = 0; i < seq.Items.Count; i++)
            if (ReadResource(seq.Items[i], i, config.Prefix, ctx, validators) is { } r)
                resources.Add(r);
        return config with { Resources = resources };
    }

    private static ResourceConfig? ReadResource(YNode node, int index, string prefix, ValidationContext ctx, IResourceValidator[] validators)
    {
        var where = $"resources[{index}]";
        if (node is not YMapping map)
        {
            ctx.Problems.Add(node, $"{where} must be a mapping with name, apiVersion and resource, e.g. - {ConfigKeys.ResourceExample}; got {node.Describe()}");
            return null;
        }
        var entry = new ResourceEntry(map, ctx.Keys.Read(map, ConfigKeys.Resource, where), index, where, prefix);
        var r = new ResourceConfig();
        foreach (var validator in validators)
            r = validator.Apply(entry, r);
        return r;
    }
}

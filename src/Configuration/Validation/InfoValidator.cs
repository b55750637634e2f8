namespace KubeApiExporter.Configuration;

/// <summary>
/// <c>info:</c> entries, one series valued 1 per item of a list: <c>metric</c> (unique in the resource, and
/// not the name the labels or annotations metric already exports), <c>each</c> and <c>labels</c>. Runs
/// after <see cref="MetadataMetricsValidator"/>, whose result the name clash is checked against.
/// </summary>
internal sealed class InfoValidator(ValidationContext ctx) : IResourceValidator
{
    private const string Example = "{metric: images, each: spec.containers, labels: {container_name: name, image: image}}";

    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        if (!entry.Keys.TryGetValue("info", out var info))
            return r;
        if (info is not YSequence infoSeq)
        {
            ctx.Values.TypeError(info, $"{entry.Where}.info", $"a list of {{metric, each, labels}} entries, e.g. info: [{Example}]");
            return r;
        }
        var list = new List<InfoConfig>();
        var metrics = new Dictionary<string, YNode>(StringComparer.Ordinal);
        for (var j = 0; j < infoSeq.Items.Count; j++)
            if (ReadInfo(infoSeq.Items[j], $"{entry.Where}.info[{j}]", entry.Prefix, metrics, r) is { } ic)
                list.Add(ic);
        return r with { Info = list };
    }

    private InfoConfig? ReadInfo(YNode node, string where, string prefix, Dictionary<string, YNode> metrics, ResourceConfig resource)
    {
        if (node is not YMapping map)
        {
            ctx.Problems.Add(node, $"{where} must be a mapping with metric, each and labels, e.g. - {Example}; got {node.Describe()}");
            return null;
        }
        var keys = ctx.Keys.Read(map, ConfigKeys.Info, where);
        var ic = new InfoConfig();
        var resourceName = resource.Name;

        if (ctx.Keys.Missing(map, keys, "metric"))
            ctx.Problems.Add(map, $"{where} is missing 'metric': add e.g. metric: images (exported as {prefix}_{resourceName}_images)");
        else if (keys.TryGetValue("metric", out var m) && ctx.Values.Str(m, $"{where}.metric", "metric: images", required: true) is { } metric)
        {
            if (!NameSyntax.MetricSegment().IsMatch(metric))
                ctx.Problems.Add(m, $"{where}.metric '{metric}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. metric: {NameSyntax.Suggest(metric)}");
            else if (resource.LabelsMetric && metric == "labels")
                ctx.Problems.Add(m, $"{where}.metric 'labels' clashes with labelsMetric: true, which exports {prefix}_{resourceName}_labels: pick another metric name");
            else if (resource.AnnotationsMetric.Count > 0 && metric == "annotations")
                ctx.Problems.Add(m, $"{where}.metric 'annotations' clashes with annotationsMetric, which exports {prefix}_{resourceName}_annotations: pick another metric name");
            else if (metrics.TryGetValue(metric, out var first))
                ctx.Problems.Add(m, $"{where}.metric '{metric}' is used twice in this resource (first at line {first.Line}): give each info entry its own metric");
            else
                metrics[metric] = m;
            ic = ic with { Metric = metric };
        }

        if (ctx.Keys.Missing(map, keys, "each"))
            ctx.Problems.Add(map, $"{where} is missing 'each': add the dotted path of the list to iterate, e.g. each: spec.containers");
        else if (keys.TryGetValue("each", out var e) && ctx.Values.Str(e, $"{where}.each", "each: spec.containers", required: true) is { } each)
        {
            if (!FieldPath.TryParse(each, out _, out var error)) ctx.Problems.Add(e, $"{where}.each {error}, e.g. each: spec.containers");
            ic = ic with { Each = each };
        }

        if (ctx.Keys.Missing(map, keys, "labels"))
            ctx.Problems.Add(map, $"{where} is missing 'labels': add label name -> field of each item, e.g. labels: {{container_name: name, image: image}}");
        else if (keys.TryGetValue("labels", out var l) && LabelSources.Read(ctx, l, $"{where}.labels", "labels: {container_name: name, image: image}", allowEmpty: false) is { } labels)
            ic = ic with { Labels = labels };

        return ic;
    }
}

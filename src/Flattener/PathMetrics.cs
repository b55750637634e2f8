namespace KubeApiExporter.Flattener;

/// <summary>
/// The metrics of one field path for one kind of value (plain numbers, percentages or durations). A
/// list drops its key from the metric name, so the name depends on which segments held lists in this
/// object: bit i of the list mask set means segment i did. Objects of one kind almost always have one
/// shape per path, so that one is cached in a field and the rest in a locked map.
/// </summary>
internal sealed class PathMetrics(FlattenRules rules, string[] path, StringConversion conversion)
{
    private NodeMetric? _usual;
    private Dictionary<ulong, MetricDescriptor>? _others;

    public MetricDescriptor For(ulong listMask)
    {
        var usual = _usual;
        if (usual != null && usual.ListMask == listMask)
            return usual.Metric;
        if (usual == null)
        {
            Interlocked.CompareExchange(ref _usual, new NodeMetric(listMask, rules.DescribeField(path, listMask, conversion)), null);
            if (_usual!.ListMask == listMask)
                return _usual.Metric;
        }
        lock (this)
        {
            _others ??= [];
            if (!_others.TryGetValue(listMask, out var other))
                _others[listMask] = other = rules.DescribeField(path, listMask, conversion);
            return other;
        }
    }

    private sealed class NodeMetric(ulong listMask, MetricDescriptor metric)
    {
        public readonly ulong ListMask = listMask;
        public readonly MetricDescriptor Metric = metric;
    }
}

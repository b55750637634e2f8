namespace KubeApiExporter.Flattener;

/// <summary>
/// Identity of a sample within one object, for duplicate suppression (two keys that sanitise to the
/// same name, duplicate list keys, repeated JSON properties). The labels are reduced to a 64-bit
/// hash rather than copied, which keeps the check allocation-free; a false "duplicate" needs a
/// 64-bit collision between two samples of the same metric of the same object.
/// </summary>
internal readonly struct SampleKey(MetricDescriptor metric, ulong labelHash) : IEquatable<SampleKey>
{
    private readonly MetricDescriptor _metric = metric;
    private readonly ulong _labelHash = labelHash;

    public bool Equals(SampleKey other) => ReferenceEquals(_metric, other._metric) && _labelHash == other._labelHash;
    public override bool Equals(object? obj) => obj is SampleKey other && Equals(other);
    public override int GetHashCode() => (int)_labelHash ^ (int)(_labelHash >> 32) ^ (_metric.Id * -1640531535);
}

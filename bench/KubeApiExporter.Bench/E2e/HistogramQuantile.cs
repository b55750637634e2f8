namespace KubeApiExporter.Bench.E2e;

/// <summary>Quantiles from the difference of two cumulative histogram snapshots, as PromQL histogram_quantile does (linear within a bucket).</summary>
public static class HistogramQuantile
{
    public static (double Count, Func<double, double> Quantile) Between(SortedDictionary<double, double> before, SortedDictionary<double, double> after)
    {
        var buckets = after.Select(kv => (Le: kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).ToArray();
        var total = buckets.Length == 0 ? 0 : buckets[^1].Count;
        return (total, q =>
        {
            if (total <= 0)
                return double.NaN;
            var rank = q * total;
            double lower = 0, below = 0;
            foreach (var (le, count) in buckets)
            {
                if (count >= rank)
                {
                    if (double.IsPositiveInfinity(le))
                        return lower; // beyond the last finite bucket
                    return lower + (le - lower) * ((rank - below) / Math.Max(count - below, 1e-9));
                }
                lower = le;
                below = count;
            }
            return double.NaN;
        });
    }
}

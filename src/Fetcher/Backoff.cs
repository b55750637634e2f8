namespace KubeApiExporter.Fetcher;

/// <summary>Capped exponential backoff with ±20% jitter; <see cref="Reset"/> after a success.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ms = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.8 + random.NextDouble() * 0.4;
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, ms * jitter));
    }

    public void Reset() => _failures = 0;
}

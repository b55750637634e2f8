namespace KubeApiExporter.Tests.Integration.Fetcher;

/// <summary>NextDouble() is always 0.5: backoff jitter is exactly 1.0, so delays are the nominal ones.</summary>
public sealed class MidpointRandom : Random
{
    public override double NextDouble() => 0.5;
}

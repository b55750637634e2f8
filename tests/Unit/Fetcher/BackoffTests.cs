using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>README "Freshness, staleness and faults": errors are retried with capped exponential backoff and jitter.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Delays_double_from_the_initial_one_within_20_percent_jitter_until_capped_at_max()
    {
        var backoff = new Backoff(Initial, Max, new Random(42));
        double[] nominal = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30];

        var delays = nominal.Select(_ => backoff.Next().TotalSeconds).ToArray();

        for (var i = 0; i < nominal.Length; i++)
        {
            Assert.InRange(delays[i], nominal[i] * 0.8, nominal[i] * 1.2);
            Assert.True(delays[i] <= Max.TotalSeconds, $"delay {i} = {delays[i]} s exceeds the cap");
        }
    }

    [Fact]
    public void Without_jitter_the_sequence_is_exactly_1_2_4_and_then_the_cap()
    {
        // NextDouble() == 0.5 puts the jitter factor at exactly 1.0.
        var backoff = new Backoff(Initial, TimeSpan.FromSeconds(5), new FixedRandom(0.5));

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next()).ToArray();

        Assert.Equal([1, 2, 4, 5, 5, 5], delays.Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(0.999999, 1.2)]
    public void Jitter_reaches_but_never_passes_plus_or_minus_20_percent(double draw, double factor)
    {
        var backoff = new Backoff(Initial, Max, new FixedRandom(draw));

        backoff.Next();
        var second = backoff.Next();

        Assert.Equal(2 * factor, second.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Jitter_at_the_cap_never_goes_above_max()
    {
        var backoff = new Backoff(Initial, Max, new FixedRandom(0.999999));

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next()).ToArray();

        Assert.All(delays, d => Assert.True(d <= Max, $"{d} > {Max}"));
        Assert.Equal(Max, delays[^1]);
    }

    [Fact]
    public void Jitter_spreads_delays_over_the_whole_band_with_a_seeded_random()
    {
        var random = new Random(7);
        var seconds = Enumerable.Range(0, 500).Select(_ =>
        {
            var backoff = new Backoff(Initial, Max, random);
            backoff.Next();
            return backoff.Next().TotalSeconds; // nominal 2 s
        }).ToArray();

        Assert.All(seconds, s => Assert.InRange(s, 1.6, 2.4));
        Assert.True(seconds.Min() < 1.7 && seconds.Max() > 2.3, $"jitter band used: {seconds.Min():0.00}..{seconds.Max():0.00} s");
        Assert.True(seconds.Distinct().Count() > 400, "delays are not all alike");
    }

    [Fact]
    public void Reset_starts_over_at_the_initial_delay()
    {
        var backoff = new Backoff(Initial, Max, new FixedRandom(0.5));
        for (var i = 0; i < 8; i++)
            backoff.Next();

        backoff.Reset();

        Assert.Equal([1, 2, 4], Enumerable.Range(0, 3).Select(_ => backoff.Next().TotalSeconds));
    }

    [Fact]
    public void Many_failures_stay_at_the_cap_without_overflowing()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), new Random(1));

        var last = TimeSpan.Zero;
        for (var i = 0; i < 10_000; i++)
            last = backoff.Next();

        Assert.InRange(last.TotalMilliseconds, 400 * 0.8, 400);
    }

    /// <summary>A Random whose NextDouble always returns the same value.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
        protected override double Sample() => value;
    }
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace KubeApiExporter.Bench.Fixtures;

/// <summary>Short runs (2 warmup, 5 measured iterations) with memory and ops/s columns: the whole suite stays in minutes on 2 noisy cores.</summary>
public sealed class ShortJobConfig : ManualConfig
{
    public ShortJobConfig()
    {
        AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.OperationsPerSecond);
        WithOptions(ConfigOptions.DisableLogFile);
    }
}

using BenchmarkDotNet.Running;
using KubeApiExporter.Bench.E2e;
using KubeApiExporter.Bench.Memory;

namespace KubeApiExporter.Bench;

/// <summary>
/// Entry point. <c>e2e ...</c> runs the end-to-end bench, <c>memory ...</c> the heap-per-series probe,
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter '*'</c>).
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "e2e")
            return await E2eCommand.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-cp")
            return await ControlPlaneRun.ControlPlaneE2eCommand.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "memory")
            return SeriesMemoryCommand.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}

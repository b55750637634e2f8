using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Tests;

namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>Arguments of `e2e-cp`.</summary>
public sealed record ControlPlaneOptions
{
    public int Pods { get; init; } = 10_000;
    public int Deployments { get; init; } = 1_000;
    /// <summary>Status patches of distinct pods during the update phase, and their rate (the kube-state-metrics comparison used 300 at 25/s).</summary>
    public int Updates { get; init; } = 300;
    public int UpdatesPerSecond { get; init; } = 25;
    public int Scrapes { get; init; } = 5;
    /// <summary>Pods as the bench generates them (two containers, probes, resources: ~53 series each) or minimal (one container, server defaults only).</summary>
    public bool MinimalPods { get; init; }
    /// <summary>Every variant runs once per round, rounds one after another, so variants are compared back to back.</summary>
    public int Rounds { get; init; } = 1;
    public string Config { get; init; } = RepoPaths.ShippedConfig;
    public bool Build { get; init; } = true;
    public string? MarkdownOut { get; init; }
    /// <summary>When set, `perf record -g` samples the machine (read the exporter with `perf report --pid`) from its start until every object is visible, into this directory.</summary>
    public string? PerfDirectory { get; init; }
    /// <summary>When set, a copy of /proc/PID/smaps of each empty start (without perf's overhead on the run), into this directory.</summary>
    public string? SmapsDirectory { get; init; }
    /// <summary>Seconds to keep the filled control plane up before the variants run, its exporter kubeconfig printed: for runs by hand (a native build, a look with other tools).</summary>
    public int HoldSeconds { get; init; }
    public List<ControlPlaneVariant> Variants { get; init; } = [];

    public const string Usage =
        "usage: e2e-cp [--pods N] [--deployments N] [--updates N] [--updates-per-second N] [--scrapes N] [--rounds N] [--minimal-pods]\n" +
        "              [--config exporter.yaml] [--no-build] [--markdown-out FILE] [--perf DIR] [--smaps DIR] [--hold SECONDS] [--variant label[:dll=PATH][:NAME=VALUE]...]...";

    public static ControlPlaneOptions? Parse(string[] args)
    {
        var o = new ControlPlaneOptions();
        for (var a = 0; a < args.Length; a++)
        {
            string Value() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value");
            switch (args[a])
            {
                case "--pods": o = o with { Pods = int.Parse(Value()) }; break;
                case "--deployments": o = o with { Deployments = int.Parse(Value()) }; break;
                case "--updates": o = o with { Updates = int.Parse(Value()) }; break;
                case "--updates-per-second": o = o with { UpdatesPerSecond = int.Parse(Value()) }; break;
                case "--minimal-pods": o = o with { MinimalPods = true }; break;
                case "--scrapes": o = o with { Scrapes = int.Parse(Value()) }; break;
                case "--rounds": o = o with { Rounds = int.Parse(Value()) }; break;
                case "--config": o = o with { Config = Path.GetFullPath(Value()) }; break;
                case "--variant": o.Variants.Add(ControlPlaneVariant.Parse(Value())); break;
                case "--no-build": o = o with { Build = false }; break;
                case "--markdown-out": o = o with { MarkdownOut = Path.GetFullPath(Value()) }; break;
                case "--perf": o = o with { PerfDirectory = Path.GetFullPath(Value()) }; break;
                case "--hold": o = o with { HoldSeconds = int.Parse(Value()) }; break;
                case "--smaps": o = o with { SmapsDirectory = Path.GetFullPath(Value()) }; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[a]}'");
                    return null;
            }
        }
        if (o.Variants.Count == 0)
            o.Variants.Add(new ControlPlaneVariant("default", null, new Dictionary<string, string>()));
        return o;
    }
}

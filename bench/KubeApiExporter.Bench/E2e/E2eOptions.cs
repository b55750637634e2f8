using KubeApiExporter.Tests;

namespace KubeApiExporter.Bench.E2e;

/// <summary>Arguments of `e2e`.</summary>
public sealed record E2eOptions
{
    public int Pods { get; init; } = 10_000;
    public int Deployments { get; init; } = 1_000;
    public int UpdatesPerSecond { get; init; } = 500;
    public int Seconds { get; init; } = 20;
    public int Scrapes { get; init; } = 5;
    /// <summary>Pause between the bench's visibility scrapes while updating (Prometheus would scrape every 15-30 s; back-to-back scraping is a heavier load).</summary>
    public int ScrapePauseMs { get; init; } = 100;
    public string ExporterDll { get; init; } = RepoPaths.ExporterDll;
    public string Config { get; init; } = RepoPaths.ShippedConfig;
    public bool Build { get; init; } = true;
    public string? MarkdownOut { get; init; }
    /// <summary>Extra environment for the exporter process, e.g. DOTNET_gcServer=0 to try workstation GC without rebuilding.</summary>
    public Dictionary<string, string> Environment { get; init; } = [];
    /// <summary>Other exporter builds whose scrapes are timed round by round with this one's (label: the build's directory name).</summary>
    public List<string> CompareDlls { get; init; } = [];
    /// <summary>When set, `perf record -g` of the exporter during the timed scrapes, into this file.</summary>
    public string? PerfScrapeFile { get; init; }

    public const string Usage =
        "usage: e2e [--pods N] [--deployments N] [--updates-per-second N] [--seconds N] [--scrapes N] [--scrape-pause-ms N]\n" +
        "           [--exporter-dll PATH] [--config exporter.yaml] [--no-build] [--markdown-out FILE] [--env NAME=VALUE]...\n" +
        "           [--compare-dll PATH]... [--perf-scrape FILE]";

    public static E2eOptions? Parse(string[] args)
    {
        var o = new E2eOptions();
        for (var a = 0; a < args.Length; a++)
        {
            string Value() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value");
            switch (args[a])
            {
                case "--pods": o = o with { Pods = int.Parse(Value()) }; break;
                case "--deployments": o = o with { Deployments = int.Parse(Value()) }; break;
                case "--updates-per-second": o = o with { UpdatesPerSecond = int.Parse(Value()) }; break;
                case "--seconds": o = o with { Seconds = int.Parse(Value()) }; break;
                case "--scrapes": o = o with { Scrapes = int.Parse(Value()) }; break;
                case "--scrape-pause-ms": o = o with { ScrapePauseMs = int.Parse(Value()) }; break;
                case "--exporter-dll": o = o with { ExporterDll = Path.GetFullPath(Value()) }; break;
                case "--config": o = o with { Config = Path.GetFullPath(Value()) }; break;
                case "--env":
                    var kv = Value().Split('=', 2);
                    o.Environment[kv[0]] = kv.Length > 1 ? kv[1] : "";
                    break;
                case "--compare-dll": o.CompareDlls.Add(Path.GetFullPath(Value())); break;
                case "--perf-scrape": o = o with { PerfScrapeFile = Path.GetFullPath(Value()) }; break;
                case "--no-build": o = o with { Build = false }; break;
                case "--markdown-out": o = o with { MarkdownOut = Path.GetFullPath(Value()) }; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[a]}'");
                    return null;
            }
        }
        return o;
    }
}

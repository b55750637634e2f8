using System.Buffers.Text;
using System.Text;

namespace KubeApiExporter.Bench.E2e;

/// <summary>
/// What the bench reads from one scrape, line by line: object sample count and an order-independent
/// digest of them, the self-metrics it needs, and the update markers (restartCount ≥ <see cref="MarkerBase"/>).
/// </summary>
public sealed class ScrapeSummary
{
    public const double MarkerBase = 1_000_000;

    private static readonly byte[] ObjectPrefix = "k8s_"u8.ToArray();
    private static readonly byte[] Series = "kube_api_exporter_series{"u8.ToArray();
    private static readonly byte[] Objects = "kube_api_exporter_objects{"u8.ToArray();
    private static readonly byte[] PodSync = "kube_api_exporter_last_sync_timestamp_seconds{resource=\"pod\"}"u8.ToArray();
    private static readonly byte[] Bucket = "kube_api_exporter_event_to_metric_seconds_bucket{"u8.ToArray();
    private static readonly byte[] RestartCount = "k8s_pod_status_restartCount{"u8.ToArray();
    private static readonly byte[] AppContainer = "containerStatuses=\"app\""u8.ToArray();

    public long ObjectSamples { get; private set; }
    public ulong DigestSum { get; private set; }
    public ulong DigestXor { get; private set; }
    public double SeriesTotal { get; private set; }
    public double ObjectsTotal { get; private set; }
    public double PodLastSync { get; private set; }
    public SortedDictionary<double, double> Buckets { get; } = [];
    public List<long> Markers { get; } = [];

    public void Handle(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith(ObjectPrefix))
        {
            ObjectSamples++;
            var h = Fnv1a(line);
            DigestSum += h;
            DigestXor ^= h;
            if (line.StartsWith(RestartCount) && line.IndexOf(AppContainer) >= 0 && Value(line) is >= MarkerBase and var marker)
                Markers.Add((long)(marker - MarkerBase));
            return;
        }
        if (line.StartsWith(Series))
            SeriesTotal += Value(line);
        else if (line.StartsWith(Objects))
            ObjectsTotal += Value(line);
        else if (line.StartsWith(PodSync))
            PodLastSync = Value(line);
        else if (line.StartsWith(Bucket))
        {
            var le = line[(line.IndexOf("le=\""u8) + 4)..];
            le = le[..le.IndexOf((byte)'"')];
            var bound = le.SequenceEqual("+Inf"u8) ? double.PositiveInfinity : double.Parse(Encoding.ASCII.GetString(le), System.Globalization.CultureInfo.InvariantCulture);
            Buckets[bound] = Value(line);
        }
    }

    private static double Value(ReadOnlySpan<byte> line)
    {
        var space = line.LastIndexOf((byte)' ');
        return Utf8Parser.TryParse(line[(space + 1)..], out double v, out _) ? v : double.NaN;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
            h = (h ^ b) * 1099511628211UL;
        return h;
    }
}

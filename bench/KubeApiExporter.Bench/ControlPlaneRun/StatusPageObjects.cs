using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>
/// The objects the store holds, summed over resources, read from the status page (`/`): its objects column
/// is <c>SeriesRegistry.ObjectCount</c>, the number kube_api_exporter_objects reports in /metrics. A page is
/// a few KB where a full /metrics is ~19 MB at 10k pods, so polling it does not add rendering to the CPU
/// that "CPU seconds start → every object visible" measures.
/// </summary>
public static partial class StatusPageObjects
{
    // The first numeric cell of a resource's first row (a resource with several watch targets spans rows).
    [GeneratedRegex("""<tr data-resource="[^"]*" data-state="[^"]*"><th scope="row"[^>]*>.*?</th>.*?<td class="num"[^>]*>([0-9,]+)</td>""")]
    private static partial Regex ObjectsCell();

    public static long Sum(string html)
    {
        long sum = 0;
        foreach (Match m in ObjectsCell().Matches(html))
            sum += long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return sum;
    }
}

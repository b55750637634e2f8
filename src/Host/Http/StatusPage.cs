using System.Globalization;
using System.Net;
using System.Text;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Configuration;
using KubeApiExporter.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeApiExporter.Host.Http;

/// <summary>
/// <c>/</c>: one small HTML page for a person who port-forwards: per target its state, objects,
/// series, last sync, list pages and last error, the config summary, links to the other endpoints.
/// No scripts, no external assets; everything that comes from the cluster or the config is escaped.
/// Links are relative so the page also works behind <c>kubectl proxy</c>'s service path.
/// </summary>
public sealed class StatusPage(string version, string clusterServer, string shard, TimeProvider time)
{
    public IResult Handle(HttpContext context, ResourceStatusBoard board, ExporterService service, SeriesRegistry store)
    {
        var refresh = int.TryParse(context.Request.Query["refresh"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 3600 ? r : (int?)null;
        var html = Render(board.Snapshot(), service.Config, store.ObjectCount, store.SeriesCount,
            service.Started && board.IsReady(out var pending) ? [] : board.Pending(), service.Started, refresh);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public string Render(IReadOnlyList<TargetStatus> targets, ExporterConfig config, Func<string, int> objects, Func<string, int> series,
        IReadOnlyList<WatchTarget> pending, bool started, int? refreshSeconds = null)
    {
        var now = time.GetUtcNow();
        var h = new StringBuilder(4096);
        h.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refreshSeconds is { } refresh)
            h.Append(Invariant($"<meta http-equiv=\"refresh\" content=\"{refresh}\">"));
        h.Append("<title>kube-api-exporter</title>").Append(Style).Append("</head><body>\n");
        h.Append("<h1>kube-api-exporter <small>").Append(E(version)).Append("</small></h1>\n");
        h.Append("<p class=\"links\"><a href=\"metrics\">/metrics</a> <a href=\"healthz\">/healthz</a> <a href=\"readyz\">/readyz</a> ")
            .Append("<a href=\"?refresh=5\">auto-refresh every 5 s</a></p>\n");

        h.Append("<p id=\"readiness\">");
        if (!started)
            h.Append("<b class=\"s-syncing\">Not ready</b>: the pipeline has not started yet.");
        else if (pending.Count == 0)
            h.Append("<b class=\"s-up\">Ready</b>: every resource has completed its first list (or is settled by 403/404).");
        else
            h.Append("<b class=\"s-syncing\">Not ready</b>: waiting for the first list of ")
                .AppendJoin(", ", pending.Select(p => E($"{p.Name} ({p})"))).Append('.');
        h.Append("<br>API server ").Append(E(clusterServer)).Append(", shard ").Append(E(shard))
            .Append(", page rendered ").Append(Time(now)).Append("</p>\n");

        h.Append("<table>\n<thead><tr><th>resource</th><th>watching</th><th>state</th><th>objects</th><th>series</th>")
            .Append("<th>last sync</th><th>list pages</th><th>last error</th></tr></thead>\n<tbody>\n");
        if (targets.Count == 0)
            h.Append("<tr><td colspan=\"8\">no resources are being watched yet</td></tr>\n");
        foreach (var group in targets.GroupBy(t => t.Target.Name))
        {
            var rows = group.ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                var t = rows[i];
                h.Append("<tr data-resource=\"").Append(E(t.Target.Name)).Append("\" data-state=\"")
                    .Append(t.State.ToString().ToLowerInvariant()).Append("\">");
                if (i == 0)
                {
                    var span = rows.Count > 1 ? Invariant($" rowspan=\"{rows.Count}\"") : "";
                    h.Append("<th scope=\"row\"").Append(span).Append('>').Append(E(t.Target.Name)).Append("</th>");
                }
                h.Append("<td>").Append(E(Watching(t.Target))).Append("</td>");
                h.Append("<td class=\"state\">").Append(State(t, now)).Append("</td>");
                if (i == 0)
                {
                    var span = rows.Count > 1 ? Invariant($" rowspan=\"{rows.Count}\"") : "";
                    h.Append("<td class=\"num\"").Append(span).Append('>').Append(Number(objects(t.Target.Name))).Append("</td>");
                    h.Append("<td class=\"num\"").Append(span).Append('>').Append(Number(series(t.Target.Name))).Append("</td>");
                }
                h.Append("<td>").Append(t.LastSync is { } sync ? Ago(sync, now) : "never").Append("</td>");
                h.Append("<td class=\"num\">").Append(t.LastSync is null ? "–" : $"{Count(t.LastListPages, "page")}, {Count(t.LastListObjects, "object")}").Append("</td>");
                h.Append("<td class=\"error\">");
                if (t.LastError is { } error)
                    h.Append("<code>").Append(E(error)).Append("</code><br><small>").Append(Ago(t.LastErrorAt!.Value, now)).Append("</small>");
                else
                    h.Append('–');
                h.Append("</td></tr>\n");
            }
        }
        h.Append("</tbody></table>\n");

        h.Append("<h2>Config</h2>\n<pre>").Append(E(ConfigSummary.Describe(config))).Append("</pre>\n");
        h.Append("<p class=\"foot\">States: <b>syncing</b> first list under way; <b>up</b> listed and watching; ")
            .Append("<b>403</b> the service account may not read it (add the ClusterRole rule); <b>404</b> the kind is not served ")
            .Append("(CRD not installed, or apiVersion/resource wrong); <b>failing</b> list or watch keeps failing, the last known state is served.</p>\n");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static string State(TargetStatus t, DateTimeOffset now)
    {
        var (label, hint) = t.State switch
        {
            SyncState.Up => ("up", ""),
            SyncState.Syncing => ("syncing", ""),
            SyncState.Forbidden => ("403 Forbidden", $"grant get, list, watch on {t.Target.Plural} in apiGroup \"{t.Target.Group}\" to the service account"),
            SyncState.NotFound => ("404 Not Found", $"{t.Target.ApiVersion} {t.Target.Plural} is not served: install its CRD, or correct apiVersion/resource"),
            _ => ("failing", "serving the last known state, retrying with backoff"),
        };
        var since = t.State == SyncState.Failing && t.FailingSince is { } f ? f : t.StateSince;
        var s = new StringBuilder()
            .Append("<b class=\"s-").Append(t.State.ToString().ToLowerInvariant()).Append("\">").Append(E(label)).Append("</b>")
            .Append(" <small>since ").Append(Ago(since, now)).Append("</small>");
        if (hint.Length > 0)
            s.Append("<br><small>").Append(E(hint)).Append("</small>");
        return s.ToString();
    }

    private static string Watching(WatchTarget t)
    {
        var scope = t.Namespace is { } ns ? $"in namespace {ns}" : "";
        var selectors = string.Join(", ", new[] { ("labelSelector", t.LabelSelector), ("fieldSelector", t.FieldSelector) }
            .Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={p.Item2}"));
        return string.Join(" ", new[] { $"{t.ApiVersion} {t.Plural}", scope, selectors }.Where(p => p.Length > 0));
    }

    /// <summary>"21:40:03Z (12 s ago)": the absolute time for comparing with logs, the age for reading at a glance.</summary>
    private static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero;
        var ago = age.TotalSeconds < 90 ? Invariant($"{(int)age.TotalSeconds} s")
            : age.TotalMinutes < 90 ? Invariant($"{(int)age.TotalMinutes} min")
            : age.TotalHours < 48 ? Invariant($"{(int)age.TotalHours} h")
            : Invariant($"{(int)age.TotalDays} d");
        return $"<time datetime=\"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{Time(at)}</time> ({ago} ago)";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) => $"{Number(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Style = """
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:80em}
        h1 small{font-weight:normal;color:#666;font-size:60%}
        table{border-collapse:collapse;width:100%}
        th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
        thead th{background:#f3f3f3}
        td.num{text-align:right;white-space:nowrap}
        td.error code{white-space:pre-wrap;word-break:break-word}
        small{color:#555}
        .s-up{color:#176f2c}.s-syncing{color:#8a6100}.s-forbidden,.s-notfound,.s-failing{color:#b00020}
        .links a{margin-right:1em}
        pre{background:#f6f6f6;padding:.6em;overflow-x:auto}
        .foot{color:#555;font-size:90%}
        </style>
        """;
}

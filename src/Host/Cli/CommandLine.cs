using System.Text.RegularExpressions;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Cli;

/// <summary>Parses arguments; every problem is reported with the fix, and means exit code 2.</summary>
public static partial class CommandLine
{
    public const string Usage = """
        Usage:
          kube-api-exporter [--config exporter.yaml] [--kubeconfig PATH] [--port N]
                            [--shard I|auto --total-shards N] [--log-level LEVEL] [--check-config]
                            [--tls-cert-file CERT --tls-key-file KEY] [--scrape-auth kubernetes|none]
          kube-api-exporter render [--config exporter.yaml] [--resource NAME] [--format text|openmetrics] FILE|-

        Environment: KUBE_API_EXPORTER_SHARD, KUBE_API_EXPORTER_TOTAL_SHARDS (used when the flags are absent).
        Exit codes: 0 clean shutdown, 2 bad arguments or config, 1 anything else fatal.
        """;

    public static (CommandLineOptions? Options, List<string> Errors) Parse(string[] args, Func<string, string?> env)
    {
        var errors = new List<string>();
        var o = new CommandLineOptions();
        var rest = new Queue<string>(args);
        var render = rest.Count > 0 && rest.Peek() == "render";
        if (render)
            rest.Dequeue();
        string? shardText = env("KUBE_API_EXPORTER_SHARD"), totalText = env("KUBE_API_EXPORTER_TOTAL_SHARDS");
        var positional = new List<string>();
        while (rest.Count > 0)
        {
            var arg = rest.Dequeue();
            var (name, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=')
                ? (arg[..arg.IndexOf('=')], arg[(arg.IndexOf('=') + 1)..])
                : (arg, null);
            string? Value()
            {
                if (inline is not null)
                    return inline;
                if (rest.Count > 0 && (!rest.Peek().StartsWith("--", StringComparison.Ordinal)))
                    return rest.Dequeue();
                errors.Add($"{name} needs a value");
                return null;
            }
            switch (name)
            {
                case "--config": o = o with { ConfigPath = Value() ?? o.ConfigPath }; break;
                case "--kubeconfig": o = o with { Kubeconfig = Value() }; break;
                case "--port":
                    var p = Value();
                    if (p is not null)
                    {
                        if (int.TryParse(p, out var port) && port is >= 1 and <= 65535)
                            o = o with { Port = port };
                        else
                            errors.Add($"--port {p}: give a number from 1 to 65535");
                    }
                    break;
                case "--shard": shardText = Value(); break;
                case "--total-shards": totalText = Value(); break;
                case "--log-level": o = o with { LogLevel = Value() ?? o.LogLevel }; break;
                case "--check-config": o = o with { CheckConfig = true }; break;
                case "--tls-cert-file": o = o with { TlsCertFile = Value() }; break;
                case "--tls-key-file": o = o with { TlsKeyFile = Value() }; break;
                case "--scrape-auth":
                    var mode = Value();
                    if (mode is "kubernetes" or "none")
                        o = o with { ScrapeAuth = mode == "kubernetes" };
                    else if (mode is not null)
                        errors.Add($"--scrape-auth {mode}: use kubernetes (TokenReview + SubjectAccessReview of get /metrics) or none");
                    break;
                case "--resource" when render: o = o with { RenderResource = Value() }; break;
                case "--format" when render:
                    var f = Value();
                    if (f is "text")
                        o = o with { RenderFormat = ExpositionFormat.PrometheusText };
                    else if (f is "openmetrics")
                        o = o with { RenderFormat = ExpositionFormat.OpenMetrics };
                    else if (f is not null)
                        errors.Add($"--format {f}: use text (Prometheus 0.0.4) or openmetrics");
                    break;
                case "--help" or "-h": o = o with { Help = true }; break;
                case "--version": o = o with { Version = true }; break;
                default:
                    if (render && (!arg.StartsWith('-') || arg == "-"))
                        positional.Add(arg);
                    else
                        errors.Add($"unknown argument '{arg}': see --help");
                    break;
            }
        }
        if (render)
        {
            if (positional.Count != 1)
                errors.Add("render needs exactly one input: a file of `kubectl get ... -o json` (or -o yaml) output, or - for stdin");
            else
                o = o with { RenderInput = positional[0] };
        }
        if ((o.TlsCertFile is null) != (o.TlsKeyFile is null))
            errors.Add(o.TlsCertFile is null
                ? $"--tls-key-file {o.TlsKeyFile} needs --tls-cert-file CERT (the PEM certificate of that key)"
                : $"--tls-cert-file {o.TlsCertFile} needs --tls-key-file KEY (the PEM private key of that certificate)");
        o = ParseShards(o, shardText, totalText, env, errors);
        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(o.LogLevel, ignoreCase: true, out _))
            errors.Add($"--log-level {o.LogLevel}: use Trace, Debug, Information, Warning, Error or Critical");
        return (errors.Count == 0 ? o : null, errors);
    }

    private static CommandLineOptions ParseShards(CommandLineOptions o, string? shardText, string? totalText, Func<string, string?> env, List<string> errors)
    {
        if (shardText is null && totalText is null)
            return o;
        if (shardText is null || totalText is null)
        {
            // Defaulting the missing half would silently make every replica shard 0 and lose objects.
            errors.Add(shardText is null
                ? $"--total-shards {totalText} needs --shard I (or --shard auto in a StatefulSet)"
                : $"--shard {shardText} needs --total-shards N");
            return o;
        }
        if (!int.TryParse(totalText, out var total) || total < 1)
        {
            errors.Add($"--total-shards {totalText}: give the number of replicas (1 or more) together with --shard");
            return o;
        }
        int shard;
        if (shardText == "auto")
        {
            // A StatefulSet pod is named <set>-<ordinal>; the ordinal is the shard.
            var podName = env("POD_NAME") ?? env("HOSTNAME") ?? "";
            var m = OrdinalSuffix().Match(podName);
            if (!m.Success)
            {
                errors.Add($"--shard auto: pod name '{podName}' does not end in -<ordinal>; run as a StatefulSet or pass --shard I");
                return o;
            }
            shard = int.Parse(m.Groups[1].Value);
        }
        else if (!int.TryParse(shardText ?? "0", out shard))
        {
            errors.Add($"--shard {shardText}: give a number from 0 to {total - 1}, or auto");
            return o;
        }
        if (shard < 0 || shard >= total)
        {
            errors.Add($"--shard {shard}: must be from 0 to {total - 1} (--total-shards {total})");
            return o;
        }
        return o with { Shard = shard, TotalShards = total };
    }

    [GeneratedRegex(@"-(\d+)$")]
    private static partial Regex OrdinalSuffix();
}

using KubeApiExporter.Host.Cli;
using KubeApiExporter.Registry;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Cli;

/// <summary>The command line (README, "Running against a cluster"): defaults, every flag in both spellings, and refusals with the fix.</summary>
public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnv = _ => null;

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    private static CommandLineOptions Ok(string[] args, Func<string, string?>? env = null)
    {
        var (options, errors) = CommandLine.Parse(args, env ?? NoEnv);
        Assert.True(errors.Count == 0, $"unexpected errors: {string.Join(" | ", errors)}");
        Assert.NotNull(options);
        return options;
    }

    private static string Refused(string[] args, Func<string, string?>? env = null)
    {
        var (options, errors) = CommandLine.Parse(args, env ?? NoEnv);
        Assert.Null(options);
        return Assert.Single(errors);
    }

    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var o = Ok([]);
        Assert.Equal("exporter.yaml", o.ConfigPath);
        Assert.Null(o.Kubeconfig);
        Assert.Null(o.Port);
        Assert.Equal(0, o.Shard);
        Assert.Equal(1, o.TotalShards);
        Assert.Equal("Information", o.LogLevel);
        Assert.False(o.CheckConfig);
        Assert.False(o.Help);
        Assert.False(o.Version);
        Assert.Null(o.RenderInput);
        Assert.Null(o.RenderResource);
    }

    [Fact]
    public void Every_flag_is_parsed_with_a_separate_value()
    {
        var o = Ok([
            "--config", "/etc/kae/exporter.yaml", "--kubeconfig", "/home/me/.kube/config", "--port", "9100",
            "--shard", "1", "--total-shards", "3", "--log-level", "Debug", "--check-config",
        ]);
        Assert.Equal("/etc/kae/exporter.yaml", o.ConfigPath);
        Assert.Equal("/home/me/.kube/config", o.Kubeconfig);
        Assert.Equal(9100, o.Port);
        Assert.Equal(1, o.Shard);
        Assert.Equal(3, o.TotalShards);
        Assert.Equal("Debug", o.LogLevel);
        Assert.True(o.CheckConfig);
    }

    [Fact]
    public void Every_valued_flag_accepts_the_equals_form()
    {
        var o = Ok(["--config=/c.yaml", "--kubeconfig=/k", "--port=8081", "--shard=2", "--total-shards=4", "--log-level=warning"]);
        Assert.Equal("/c.yaml", o.ConfigPath);
        Assert.Equal("/k", o.Kubeconfig);
        Assert.Equal(8081, o.Port);
        Assert.Equal(2, o.Shard);
        Assert.Equal(4, o.TotalShards);
        Assert.Equal("warning", o.LogLevel);
    }

    [Fact]
    public void Equals_form_keeps_everything_after_the_first_equals_sign()
    {
        Assert.Equal("/tmp/a=b.yaml", Ok(["--config=/tmp/a=b.yaml"]).ConfigPath);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_flag_asks_for_usage(string flag) => Assert.True(Ok([flag]).Help);

    [Fact]
    public void Version_flag_asks_for_the_version() => Assert.True(Ok(["--version"]).Version);

    [Theory]
    [InlineData("--nope")]
    [InlineData("--nope=1")]
    [InlineData("stray")]
    [InlineData("-x")]
    [InlineData("--resource")] // only for render
    [InlineData("--format")] // only for render
    public void Unknown_argument_is_refused_pointing_at_help(string arg)
    {
        var error = Refused([arg]);
        Assert.Contains("unknown argument", error);
        Assert.Contains(arg, error);
        Assert.Contains("--help", error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("8080.5")]
    [InlineData("")]
    public void Bad_port_is_refused_with_the_valid_range(string port)
    {
        var error = Refused(["--port", port]);
        Assert.Contains("--port", error);
        Assert.Contains("65535", error);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--kubeconfig")]
    [InlineData("--port")]
    [InlineData("--log-level")]
    public void Flag_without_a_value_is_refused(string flag)
    {
        Assert.Contains($"{flag} needs a value", Refused([flag]));
        // A following flag is not taken as the value.
        var (options, errors) = CommandLine.Parse([flag, "--check-config"], NoEnv);
        Assert.Null(options);
        Assert.Contains($"{flag} needs a value", errors);
    }

    [Fact]
    public void Bad_log_level_is_refused_naming_the_levels()
    {
        var error = Refused(["--log-level", "loud"]);
        Assert.Contains("loud", error);
        Assert.Contains("Information", error);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var (options, errors) = CommandLine.Parse(["--port", "x", "--bogus", "--log-level", "loud"], NoEnv);
        Assert.Null(options);
        Assert.Equal(3, errors.Count);
    }

    // ---- sharding (README, "Sharding")

    [Theory]
    [InlineData("0", "3", 0, 3)]
    [InlineData("2", "3", 2, 3)]
    [InlineData("0", "1", 0, 1)]
    public void Shard_and_total_shards_are_accepted_when_the_shard_is_below_the_total(string shard, string total, int expectedShard, int expectedTotal)
    {
        var o = Ok(["--shard", shard, "--total-shards", total]);
        Assert.Equal(expectedShard, o.Shard);
        Assert.Equal(expectedTotal, o.TotalShards);
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("5", "3")]
    [InlineData("1", "1")]
    [InlineData("-1", "3")]
    public void Shard_outside_0_to_total_minus_1_is_refused(string shard, string total)
    {
        var error = Refused(["--shard", shard, "--total-shards", total]);
        Assert.Contains("--shard", error);
        Assert.Contains($"0 to {int.Parse(total) - 1}", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public void Total_shards_below_1_or_not_a_number_is_refused(string total)
    {
        Assert.Contains("--total-shards", Refused(["--shard", "0", "--total-shards", total]));
    }

    [Fact]
    public void Shard_without_total_shards_is_refused()
    {
        Assert.Contains("--total-shards", Refused(["--shard", "1"]));
    }

    [Fact]
    public void Shard_that_is_not_a_number_or_auto_is_refused()
    {
        var error = Refused(["--shard", "first", "--total-shards", "3"]);
        Assert.Contains("first", error);
        Assert.Contains("auto", error);
    }

    [Theory]
    [InlineData("kube-api-exporter-2", 2)]
    [InlineData("kube-api-exporter-shards-0", 0)]
    [InlineData("x-1", 1)]
    public void Shard_auto_takes_the_StatefulSet_ordinal_from_POD_NAME(string podName, int expected)
    {
        var o = Ok(["--shard", "auto", "--total-shards", "3"], Env(("POD_NAME", podName), ("HOSTNAME", "other-0")));
        Assert.Equal(expected, o.Shard);
        Assert.Equal(3, o.TotalShards);
    }

    [Fact]
    public void Shard_auto_falls_back_to_HOSTNAME_without_POD_NAME()
    {
        Assert.Equal(2, Ok(["--shard", "auto", "--total-shards", "3"], Env(("HOSTNAME", "name-2"))).Shard);
    }

    [Theory]
    [InlineData("kube-api-exporter-7d4b9c8f6-x2x9k")]
    [InlineData("exporter")]
    [InlineData("name-")]
    [InlineData("")]
    public void Shard_auto_with_a_name_without_an_ordinal_is_refused_with_the_fix(string podName)
    {
        var error = Refused(["--shard", "auto", "--total-shards", "3"], Env(("POD_NAME", podName)));
        Assert.Contains("auto", error);
        Assert.Contains($"'{podName}'", error);
        Assert.Contains("StatefulSet", error);
        Assert.Contains("--shard I", error);
    }

    [Fact]
    public void Shard_auto_without_any_pod_name_is_refused()
    {
        Assert.Contains("StatefulSet", Refused(["--shard", "auto", "--total-shards", "3"]));
    }

    [Fact]
    public void Shard_auto_with_an_ordinal_beyond_the_total_is_refused()
    {
        var error = Refused(["--shard", "auto", "--total-shards", "3"], Env(("POD_NAME", "kube-api-exporter-3")));
        Assert.Contains("0 to 2", error);
    }

    [Fact]
    public void Shard_settings_come_from_the_environment_when_the_flags_are_absent()
    {
        var o = Ok([], Env(("KUBE_API_EXPORTER_SHARD", "1"), ("KUBE_API_EXPORTER_TOTAL_SHARDS", "4")));
        Assert.Equal(1, o.Shard);
        Assert.Equal(4, o.TotalShards);
    }

    [Fact]
    public void Environment_shard_may_be_auto()
    {
        var o = Ok([], Env(("KUBE_API_EXPORTER_SHARD", "auto"), ("KUBE_API_EXPORTER_TOTAL_SHARDS", "3"), ("POD_NAME", "kae-1")));
        Assert.Equal(1, o.Shard);
        Assert.Equal(3, o.TotalShards);
    }

    [Fact]
    public void Flags_override_the_environment()
    {
        var o = Ok(["--shard", "0", "--total-shards", "2"], Env(("KUBE_API_EXPORTER_SHARD", "3"), ("KUBE_API_EXPORTER_TOTAL_SHARDS", "5")));
        Assert.Equal(0, o.Shard);
        Assert.Equal(2, o.TotalShards);
    }

    [Fact]
    public void Bad_shard_settings_in_the_environment_are_refused()
    {
        Assert.Contains("0 to 1", Refused([], Env(("KUBE_API_EXPORTER_SHARD", "2"), ("KUBE_API_EXPORTER_TOTAL_SHARDS", "2"))));
    }

    // ---- render subcommand

    [Fact]
    public void Render_takes_one_input_file()
    {
        var o = Ok(["render", "deploy.json"]);
        Assert.Equal("deploy.json", o.RenderInput);
        Assert.Null(o.RenderResource);
        Assert.Equal("exporter.yaml", o.ConfigPath);
    }

    [Fact]
    public void Render_takes_dash_for_stdin_with_config_and_resource()
    {
        var o = Ok(["render", "--config", "my.yaml", "--resource", "pod", "-"]);
        Assert.Equal("-", o.RenderInput);
        Assert.Equal("pod", o.RenderResource);
        Assert.Equal("my.yaml", o.ConfigPath);
    }

    [Fact]
    public void Render_accepts_the_equals_form_for_resource()
    {
        var o = Ok(["render", "--resource=deployment", "in.json"]);
        Assert.Equal("deployment", o.RenderResource);
        Assert.Equal("in.json", o.RenderInput);
    }

    [Fact]
    public void Render_prints_text_0_0_4_unless_asked_for_openmetrics()
    {
        Assert.Equal(ExpositionFormat.PrometheusText, Ok(["render", "in.json"]).RenderFormat);
        Assert.Equal(ExpositionFormat.PrometheusText, Ok(["render", "--format", "text", "in.json"]).RenderFormat);
        Assert.Equal(ExpositionFormat.OpenMetrics, Ok(["render", "--format=openmetrics", "in.json"]).RenderFormat);
    }

    [Fact]
    public void Render_with_an_unknown_format_is_refused_naming_the_two()
    {
        var error = Refused(["render", "--format", "json", "in.json"]);
        Assert.Contains("--format json", error);
        Assert.Contains("text", error);
        Assert.Contains("openmetrics", error);
    }

    [Fact]
    public void Render_without_input_is_refused_naming_stdin()
    {
        var error = Refused(["render"]);
        Assert.Contains("render needs exactly one input", error);
        Assert.Contains("- for stdin", error);
    }

    [Fact]
    public void Render_with_two_inputs_is_refused()
    {
        Assert.Contains("exactly one input", Refused(["render", "a.json", "b.json"]));
    }

    [Fact]
    public void Render_is_a_subcommand_only_in_first_position()
    {
        var (options, errors) = CommandLine.Parse(["--port", "9000", "render", "a.json"], NoEnv);
        Assert.Null(options);
        Assert.Contains("unknown argument 'render': see --help", errors);
    }

    [Fact]
    public void Usage_names_every_flag_and_the_shard_environment_variables()
    {
        foreach (var word in new[] { "--config", "--kubeconfig", "--port", "--shard", "--total-shards", "--log-level", "--check-config", "render", "--format", "KUBE_API_EXPORTER_SHARD", "KUBE_API_EXPORTER_TOTAL_SHARDS" })
            Assert.Contains(word, CommandLine.Usage);
    }

    [Theory]
    [InlineData("--total-shards", "3")]
    [InlineData("--shard", "1")]
    public void One_half_of_the_shard_pair_alone_is_refused_rather_than_defaulting_to_shard_0(string flag, string value) =>
        Assert.Contains(flag, Refused([flag, value]));

    [Fact]
    public void Total_shards_from_the_environment_without_a_shard_is_refused() =>
        Assert.Contains("--shard", Refused([], Env(("KUBE_API_EXPORTER_TOTAL_SHARDS", "3"))));

    [Fact]
    public void Port_0_is_refused_like_any_port_outside_1_to_65535() =>
        Assert.Contains("1 to 65535", Refused(["--port", "0"]));
}

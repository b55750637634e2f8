using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// The image and a plain `dotnet publish -r linux-x64` start the same way: the Dockerfile's publish line,
/// evaluated by MSBuild, is the self-contained composite ReadyToRun publish the project sets up
/// (bench/README.md "Start-up memory and CPU on the real control plane"), and its runtime stage can run it.
/// </summary>
public sealed partial class DockerfilePublishTests
{
    private static readonly string[] Dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));

    [Fact]
    public async Task The_Dockerfile_publish_is_self_contained_composite_ReadyToRun_with_the_shipped_runtime_settings()
    {
        var publish = PublishArguments();
        var properties = await EvaluateAsync(MsBuildProperties(publish));

        Assert.Equal("true", properties["SelfContained"]);
        Assert.Equal("true", properties["PublishReadyToRun"]);
        Assert.Equal("true", properties["PublishReadyToRunComposite"]);
        Assert.Equal("false", properties["TieredPGO"]);
    }

    [Fact]
    public async Task A_plain_build_stays_framework_dependent_and_JIT_only()
    {
        var properties = await EvaluateAsync([]);

        Assert.NotEqual("true", properties["SelfContained"]);
        Assert.NotEqual("true", properties["PublishReadyToRun"]);
        Assert.Equal("false", properties["TieredPGO"]);
    }

    [Fact]
    public void The_runtime_stage_runs_the_self_contained_executable()
    {
        // runtime-deps has no `dotnet` host: the entry point must be the apphost, which publish must keep.
        Assert.Contains(Dockerfile, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime", StringComparison.Ordinal));
        Assert.Contains(Dockerfile, l => l == """ENTRYPOINT ["/app/kube-api-exporter"]""");
        Assert.DoesNotContain(PublishArguments(), a => a.Contains("UseAppHost=false", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("/app", PublishArguments().SkipWhile(a => a != "-o").Skip(1).First());
    }

    /// <summary>The arguments of the Dockerfile's `RUN dotnet publish` (continuation lines joined).</summary>
    private static string[] PublishArguments()
    {
        var joined = string.Join(' ', Dockerfile).Replace("\\ ", " ", StringComparison.Ordinal);
        var line = PublishLine().Match(joined);
        Assert.True(line.Success, "no `RUN dotnet publish` line in the Dockerfile");
        return line.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"RUN dotnet publish ((?:(?!RUN |FROM |COPY |# ).)*)")]
    private static partial Regex PublishLine();

    /// <summary>The publish line's -r, -c, --self-contained and -p: options as MSBuild global properties.</summary>
    private static List<string> MsBuildProperties(string[] publish)
    {
        var properties = new List<string>();
        for (var i = 0; i < publish.Length; i++)
        {
            switch (publish[i])
            {
                case "-r" or "--runtime": properties.Add($"-p:RuntimeIdentifier={publish[++i]}"); break;
                case "-c" or "--configuration": properties.Add($"-p:Configuration={publish[++i]}"); break;
                case "--self-contained": properties.Add($"-p:SelfContained={publish[++i]}"); break;
                case var p when p.StartsWith("-p:", StringComparison.Ordinal): properties.Add(p); break;
            }
        }
        Assert.Contains("-p:RuntimeIdentifier=linux-x64", properties);
        return properties;
    }

    private static async Task<Dictionary<string, string>> EvaluateAsync(IEnumerable<string> globalProperties)
    {
        string[] names = ["SelfContained", "PublishReadyToRun", "PublishReadyToRunComposite", "TieredPGO"];
        var result = await ToolRun.RunAsync("dotnet",
            ["msbuild", RepoPaths.HostProject, .. names.Select(n => $"-getProperty:{n}"), .. globalProperties],
            TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return names.ToDictionary(n => n, n => json.RootElement.GetProperty("Properties").GetProperty(n).GetString()!);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// The image and a plain `dotnet publish -r linux-x64` start the same way: the Dockerfile's publish line,
/// evaluated by MSBuild, is the Native AOT publish the project sets up (bench/README.md "Native AOT"),
/// its build stage has what the AOT compiler links with, and its runtime stage can run the result.
/// </summary>
public sealed partial class DockerfilePublishTests
{
    private static readonly string[] Dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));

    [Fact]
    public async Task The_Dockerfile_publish_is_Native_AOT_with_warnings_as_errors_and_no_symbols_in_the_image()
    {
        var publish = PublishArguments();
        var properties = await EvaluateAsync(MsBuildProperties(publish));

        Assert.Equal("true", properties["PublishAot"]); // self-contained by nature: the runtime is compiled in
        Assert.NotEqual("true", properties["PublishReadyToRun"]);
        Assert.Equal("true", properties["TreatWarningsAsErrors"]);
        Assert.Equal("false", properties["TrimmerSingleWarn"]);
        Assert.Equal("false", properties["CopyOutputSymbolsToPublishDirectory"]);
        Assert.Equal("true", properties["InvariantGlobalization"]);
    }

    [Fact]
    public async Task The_Dockerfile_restore_restores_for_Native_AOT()
    {
        // `dotnet restore -r RID` passes RuntimeIdentifiers (plural); the AOT compiler package is restored only if
        // PublishAot is true then, and the publish that follows runs with --no-restore.
        var restore = string.Join(' ', Dockerfile).Split("RUN dotnet restore ", 2);
        Assert.True(restore.Length == 2, "no `RUN dotnet restore` in the Dockerfile");
        var rid = restore[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(a => a is not ("-r" or "--runtime")).Skip(1).First();
        Assert.Contains("--no-restore", PublishArguments());
        var properties = await EvaluateAsync([$"-p:RuntimeIdentifiers={rid}"]);
        Assert.Equal("true", properties["PublishAot"]);
    }

    [Fact]
    public async Task A_plain_build_stays_framework_dependent_and_JIT_only()
    {
        var properties = await EvaluateAsync([]);

        Assert.NotEqual("true", properties["PublishAot"]);
        Assert.NotEqual("true", properties["SelfContained"]);
        Assert.NotEqual("true", properties["PublishReadyToRun"]);
        Assert.Equal("false", properties["TieredPGO"]);
    }

    [Fact]
    public void The_build_stage_installs_what_the_AOT_compiler_links_with_and_restores_with_every_props_file()
    {
        var build = Dockerfile.TakeWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps", StringComparison.Ordinal)).ToArray();
        var install = string.Join(' ', build).Replace("\\ ", " ", StringComparison.Ordinal);
        Assert.Matches(@"apt-get install [^&]*\bclang\b", install);
        Assert.Matches(@"apt-get install [^&]*\bzlib1g-dev\b", install);
        var restore = Array.FindIndex(build, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "no `RUN dotnet restore` in the build stage");
        foreach (var props in Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "Directory.Build.props", SearchOption.AllDirectories)
                     .Append(Path.Combine(RepoPaths.Root, "Directory.Build.props")))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, props).Replace('\\', '/');
            Assert.Contains(build.Take(restore), l => l.StartsWith("COPY ", StringComparison.Ordinal) && l.Contains(relative, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_runtime_stage_runs_the_self_contained_executable()
    {
        // runtime-deps has no `dotnet` host: the entry point must be the native executable.
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
        string[] names = ["PublishAot", "SelfContained", "PublishReadyToRun", "TieredPGO", "TreatWarningsAsErrors", "TrimmerSingleWarn",
            "CopyOutputSymbolsToPublishDirectory", "InvariantGlobalization"];
        var result = await ToolRun.RunAsync("dotnet",
            ["msbuild", RepoPaths.HostProject, .. names.Select(n => $"-getProperty:{n}"), .. globalProperties],
            TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return names.ToDictionary(n => n, n => json.RootElement.GetProperty("Properties").GetProperty(n).GetString()!);
    }
}

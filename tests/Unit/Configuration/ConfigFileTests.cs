using KubeApiExporter.Host;
using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>
/// The config is read once at start: the running config and the reload's baseline text come from
/// the same read, so an edit right after start is seen, and applied, by the first reload check.
/// </summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kae-configfile-");
    private string Path => System.IO.Path.Combine(_dir.FullName, "exporter.yaml");

    private static string Config(string resource) => $"""
        port: 8081
        resources:
          - name: {resource}
            apiVersion: v1
            resource: {resource}s
        """;

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void The_running_config_and_the_reload_baseline_come_from_one_read()
    {
        File.WriteAllText(Path, Config("pod"));

        var (file, loaded) = ConfigFile.Read(Path, portOverride: null);

        Assert.NotNull(file);
        Assert.Equal(Config("pod"), file.Text);
        Assert.Equal(["pod"], loaded.Config!.Resources.Select(r => r.Name));
        Assert.Equal(loaded.Config.Resources.Select(r => r.Name), ConfigLoader.LoadText(file.Text, Path).Config!.Resources.Select(r => r.Name));
    }

    [Fact]
    public async Task A_config_edited_right_after_the_start_read_is_seen_by_the_first_reload_check()
    {
        File.WriteAllText(Path, Config("pod"));
        var (file, _) = ConfigFile.Read(Path, portOverride: 9000);
        File.WriteAllText(Path, Config("node")); // lands before the reload loop starts

        var changed = await file!.ReadIfChangedAsync(CancellationToken.None);

        Assert.NotNull(changed);
        Assert.Equal(Config("node"), changed.Text);
        Assert.Equal(9000, changed.PortOverride);
        Assert.Equal(["node"], ConfigLoader.LoadText(changed.Text, changed.Path).Config!.Resources.Select(r => r.Name));
        Assert.Null(await changed.ReadIfChangedAsync(CancellationToken.None));
    }

    [Fact]
    public void A_missing_file_is_refused_with_the_loaders_message_and_fix()
    {
        var (file, loaded) = ConfigFile.Read(Path, portOverride: null);

        Assert.Null(file);
        Assert.False(loaded.Ok);
        Assert.Contains("config file not found", loaded.Problems.Single().ToString());
        Assert.Contains("--config PATH", loaded.Problems.Single().ToString());
    }

    [Fact]
    public void A_directory_is_refused_naming_the_file_to_pass()
    {
        var (file, loaded) = ConfigFile.Read(_dir.FullName, portOverride: null);

        Assert.Null(file);
        Assert.Contains("is a directory", loaded.Problems.Single().ToString());
    }

    [Fact]
    public void A_bad_config_gives_its_problems_and_no_file()
    {
        File.WriteAllText(Path, "port: 8081\nresources:\n  - name: pod\n");

        var (file, loaded) = ConfigFile.Read(Path, portOverride: null);

        Assert.Null(file);
        Assert.NotEmpty(loaded.Problems);
    }
}

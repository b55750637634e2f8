using KubeApiExporter.Host.Cli;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Cli;

/// <summary>The TLS and scrape-guard flags: both TLS files or neither, and a known --scrape-auth mode.</summary>
public sealed class ProtectionFlagsTests
{
    private static string? NoEnv(string _) => null;

    [Fact]
    public void Off_by_default()
    {
        var (o, errors) = CommandLine.Parse([], NoEnv);
        Assert.Empty(errors);
        Assert.Equal((null, null, false), (o!.TlsCertFile, o.TlsKeyFile, o.ScrapeAuth));
    }

    [Fact]
    public void Tls_files_and_scrape_auth_parse_in_both_flag_forms()
    {
        var (o, errors) = CommandLine.Parse(["--tls-cert-file", "/tls/tls.crt", "--tls-key-file=/tls/tls.key", "--scrape-auth=kubernetes"], NoEnv);
        Assert.Empty(errors);
        Assert.Equal(("/tls/tls.crt", "/tls/tls.key", true), (o!.TlsCertFile, o.TlsKeyFile, o.ScrapeAuth));
        Assert.False(CommandLine.Parse(["--scrape-auth", "none"], NoEnv).Options!.ScrapeAuth);
    }

    [Theory]
    [InlineData("--tls-cert-file", "needs --tls-key-file")]
    [InlineData("--tls-key-file", "needs --tls-cert-file")]
    public void One_tls_file_without_the_other_is_refused_with_the_fix(string flag, string expected)
    {
        var (o, errors) = CommandLine.Parse([flag, "/tls/file"], NoEnv);
        Assert.Null(o);
        Assert.Contains(expected, Assert.Single(errors));
    }

    [Fact]
    public void Unknown_scrape_auth_mode_is_refused_naming_the_choices()
    {
        var (o, errors) = CommandLine.Parse(["--scrape-auth", "basic"], NoEnv);
        Assert.Null(o);
        Assert.Contains("use kubernetes", Assert.Single(errors));
    }

    [Fact]
    public void Usage_names_the_flags()
    {
        foreach (var flag in new[] { "--tls-cert-file", "--tls-key-file", "--scrape-auth" })
            Assert.Contains(flag, CommandLine.Usage);
    }
}

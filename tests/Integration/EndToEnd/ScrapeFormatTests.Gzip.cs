using System.IO.Compression;
using System.Text;
using Xunit;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

public sealed partial class ScrapeFormatTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("gzip, deflate")] // what Go's net/http, and so Prometheus' scraper, sends: gzip
    [InlineData("deflate, gzip;q=1.0, *;q=0.5")]
    public async Task Gzip_body_decompresses_to_exactly_the_plain_body_of_object_series(string acceptEncoding)
    {
        using var zippedRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Exporter.BaseUri, "metrics"));
        zippedRequest.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var zipped = await Http.SendAsync(zippedRequest);
        zipped.EnsureSuccessStatusCode();
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        await using var gunzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var body = await new StreamReader(gunzip, Encoding.UTF8).ReadToEndAsync();

        var (plainResponse, plain) = await ScrapeAsync();
        Assert.Empty(plainResponse.Content.Headers.ContentEncoding);
        // Byte for byte up to the self-metrics (their values move between scrapes).
        Assert.Equal(ObjectPart(plain), ObjectPart(body));
        Assert.StartsWith("# HELP k8s_", body);
        Assert.Contains("kube_api_exporter_build_info", body);
    }

    /// <summary>The text up to the first family that is not an object family (the self-metrics follow them).</summary>
    private static string ObjectPart(string exposition)
    {
        var at = 0;
        while (true)
        {
            var help = exposition.IndexOf("# HELP ", at, StringComparison.Ordinal);
            Assert.True(help >= 0, "no self-metrics after the object series");
            if (!exposition.AsSpan(help + 7).StartsWith("k8s_"))
                return exposition[..help];
            at = help + 7;
        }
    }
}

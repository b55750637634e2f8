using System.IO.Compression;
using System.Text;
using KubeApiExporter.Host.Http;
using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>
/// The /metrics writer's parallel parts: in order they are exactly the registry's sequential text, and
/// gzip as concatenated members decompresses to exactly that text.
/// </summary>
public sealed class ScrapeWriterTests
{
    private static SeriesRegistry StoreOfAboutMegabytes(int objects)
    {
        var store = new SeriesRegistry();
        for (var i = 0; i < objects; i++)
            store.Upsert("deployment", $"ns{i % 7}/d{i}", "", 1,
                Render.Deploy($"d{i}", $"\"replicas\": {i}, \"minReadySeconds\": {i % 13}, \"f{i % 5}\": 1", $"ns{i % 7}"));
        return store;
    }

    private static byte[] Sequential(SeriesRegistry store)
    {
        using var output = new MemoryStream();
        store.WriteAsync(output, CancellationToken.None).GetAwaiter().GetResult();
        return output.ToArray();
    }

    [Fact]
    public async Task Parts_written_in_parallel_are_the_sequential_text_byte_for_byte()
    {
        var store = StoreOfAboutMegabytes(30_000);
        var expected = Sequential(store);
        using var output = new MemoryStream();
        using (var scrape = store.BeginScrape(ExpositionFormat.PrometheusText, 64 * 1024))
        {
            Assert.True(scrape.PartCount > 10, $"{scrape.PartCount} parts");
            await ScrapeWriter.WriteAsync(scrape, output, gzip: false, CancellationToken.None);
        }
        Assert.Equal(expected, output.ToArray());
        Exposition.Parse(Encoding.UTF8.GetString(expected));
    }

    [Fact]
    public void Parts_are_about_the_requested_size_counting_the_names_written_before_each_line()
    {
        // Deployment lines are short next to their names: sized on the held bytes alone, parts came out ~2× too big.
        var store = StoreOfAboutMegabytes(30_000);
        const int partBytes = 64 * 1024;
        using var scrape = store.BeginScrape(ExpositionFormat.PrometheusText, partBytes);
        using var chunk = new ScrapeChunk(RegistryScrape.DefaultChunkBytes);
        var sizes = new List<int>();
        for (var p = 0; p < scrape.PartCount; p++)
        {
            chunk.Clear();
            scrape.WritePart(p, chunk);
            sizes.Add(chunk.Length);
        }
        Assert.True(sizes.Count > 10, $"{sizes.Count} parts");
        Assert.True(sizes.Max() <= partBytes * 1.1, $"largest part {sizes.Max()} B for {partBytes} B parts");
        Assert.True(sizes.Sum() <= scrape.EstimatedBytes * 1.1 + 64 * 1024, $"{sizes.Sum()} B written, {scrape.EstimatedBytes} B estimated");
    }

    [Fact]
    public async Task Gzip_members_concatenated_decompress_to_exactly_the_plain_text()
    {
        var store = StoreOfAboutMegabytes(30_000);
        var expected = Sequential(store);
        using var zipped = new MemoryStream();
        int parts;
        using (var scrape = store.BeginScrape(ExpositionFormat.PrometheusText, 64 * 1024))
        {
            parts = scrape.PartCount;
            await ScrapeWriter.WriteAsync(scrape, zipped, gzip: true, CancellationToken.None);
        }
        Assert.True(parts > 10, $"{parts} parts");
        Assert.True(zipped.Length < expected.Length / 4, $"{zipped.Length} B of gzip for {expected.Length} B");
        zipped.Position = 0;
        using var gunzip = new GZipStream(zipped, CompressionMode.Decompress);
        using var text = new MemoryStream();
        await gunzip.CopyToAsync(text);
        Assert.Equal(expected, text.ToArray());
    }

    [Fact]
    public async Task An_empty_store_writes_nothing_plain_or_gzip()
    {
        var store = new SeriesRegistry();
        foreach (var gzip in new[] { false, true })
        {
            using var output = new MemoryStream();
            using var scrape = store.BeginScrape(ExpositionFormat.PrometheusText, RegistryScrape.DefaultPartBytes);
            await ScrapeWriter.WriteAsync(scrape, output, gzip, CancellationToken.None);
            Assert.Equal(0, output.Length);
        }
    }
}

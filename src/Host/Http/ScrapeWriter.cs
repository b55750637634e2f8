using System.IO.Compression;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Http;

/// <summary>
/// Writes a <see cref="RegistryScrape"/> to the response using every core: its parts (about 1 MB of
/// text each) are gathered, and for gzip compressed, on the thread pool, a few ahead of the one being
/// sent, and sent in order. Each gzip part is a complete gzip member: members written one after another
/// are one valid gzip body (RFC 1952, 2.2) that every gzip reader (Go's, so Prometheus', .NET's, zlib's)
/// decompresses to the concatenated text.
/// </summary>
public static class ScrapeWriter
{
    public static async Task WriteAsync(RegistryScrape scrape, Stream body, bool gzip, CancellationToken ct)
    {
        // Parts in flight: enough to keep every core busy while one part is being sent, few enough that
        // the buffers stay a few MB.
        var window = Environment.ProcessorCount + 1;
        var pending = new Queue<Task<ScrapeChunk>>(window);
        var next = 0;
        try
        {
            while (next < scrape.PartCount || pending.Count > 0)
            {
                while (next < scrape.PartCount && pending.Count < window)
                {
                    var part = next++;
                    pending.Enqueue(Task.Run(() => Produce(scrape, part, gzip), CancellationToken.None));
                }
                using var chunk = await pending.Dequeue();
                if (chunk.Length > 0)
                    await body.WriteAsync(chunk.Written, ct);
            }
        }
        finally
        {
            // A cancelled scrape: let the parts in flight finish and give their buffers back.
            while (pending.TryDequeue(out var left))
            {
                try
                {
                    (await left).Dispose();
                }
                catch (Exception)
                {
                    // the scrape is failing already; its first error is the one reported
                }
            }
        }
    }

    private static ScrapeChunk Produce(RegistryScrape scrape, int part, bool gzip)
    {
        var text = new ScrapeChunk(RegistryScrape.DefaultChunkBytes);
        try
        {
            scrape.WritePart(part, text);
            if (!gzip || text.Length == 0)
                return text;
            var packed = new ScrapeChunk(text.Length / 4);
            using (var member = new GZipStream(new ChunkStream(packed), CompressionLevel.Fastest))
                member.Write(text.Written.Span);
            text.Dispose();
            return packed;
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>A write-only stream into a <see cref="ScrapeChunk"/>, for the compressor.</summary>
    private sealed class ChunkStream(ScrapeChunk chunk) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => chunk.Length;
        public override long Position { get => chunk.Length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => chunk.Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => chunk.Write(buffer);
    }
}

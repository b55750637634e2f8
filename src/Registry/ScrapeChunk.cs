using System.Buffers;

namespace KubeApiExporter.Registry;

/// <summary>
/// The bytes of one part of a scrape, gathered synchronously into one growable buffer from the array
/// pool; the caller writes (or compresses) them and returns the buffer with <see cref="Dispose"/>.
/// </summary>
public sealed class ScrapeChunk : IDisposable
{
    private byte[] _buffer;
    private int _used;

    public ScrapeChunk(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _used);

    public int Length => _used;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>
    /// Writes <paramref name="lineCount"/> lines held without their metric name, each preceded by
    /// <paramref name="name"/>. A line ends with its only raw '\n' (label values escape newlines).
    /// </summary>
    public void WriteLines(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lines, int lineCount)
    {
        Reserve(lines.Length + (lineCount + 1) * name.Length);
        var dest = _buffer.AsSpan(_used);
        var at = 0;
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf((byte)'\n');
            var length = end < 0 ? lines.Length : end + 1;
            if (at + name.Length + length > dest.Length)
            {
                // More lines than counted (not expected): grow and go on.
                _used += at;
                Reserve(name.Length + lines.Length + name.Length * 16);
                dest = _buffer.AsSpan(_used);
                at = 0;
            }
            name.CopyTo(dest[at..]);
            at += name.Length;
            lines[..length].CopyTo(dest[at..]);
            at += length;
            lines = lines[length..];
        }
        _used += at;
    }

    private void Reserve(int bytes)
    {
        if (bytes <= _buffer.Length - _used)
            return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + bytes));
        _buffer.AsSpan(0, _used).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    public void Clear() => _used = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _used = 0;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}

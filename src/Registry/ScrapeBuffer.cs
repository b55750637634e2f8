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
        if (bytes.Length > _buffer.Length - _used)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + bytes.Length));
            _buffer.AsSpan(0, _used).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
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

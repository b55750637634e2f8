namespace KubeApiExporter.Registry;

/// <summary>Batches many small line arrays into large writes to the response stream.</summary>
internal sealed class ScrapeBuffer(Stream output)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _used;

    public async ValueTask WriteAsync(byte[] bytes, CancellationToken ct)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            await FlushAsync(ct);
            if (bytes.Length > _buffer.Length)
            {
                await output.WriteAsync(bytes, ct);
                return;
            }
        }
        bytes.CopyTo(_buffer, _used);
        _used += bytes.Length;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_used == 0)
            return;
        await output.WriteAsync(_buffer.AsMemory(0, _used), ct);
        _used = 0;
    }
}

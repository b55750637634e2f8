namespace KubeApiExporter.Bench.E2e;

public delegate void LineHandler(ReadOnlySpan<byte> line);

/// <summary>Splits a streamed response body into lines without holding the whole (hundreds of MB) body.</summary>
public static class LineScanner
{
    public static async Task<long> ScanAsync(Stream body, LineHandler? onLine, CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        var filled = 0;
        long total = 0;
        while (true)
        {
            var n = await body.ReadAsync(buffer.AsMemory(filled), ct);
            if (n == 0)
                break;
            total += n;
            if (onLine is null)
                continue; // just drain
            filled += n;
            var consumed = Split(buffer.AsSpan(0, filled), onLine);
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
        }
        if (onLine is not null && filled > 0)
            onLine(buffer.AsSpan(0, filled));
        return total;
    }

    private static int Split(ReadOnlySpan<byte> data, LineHandler onLine)
    {
        var consumed = 0;
        while (true)
        {
            var nl = data[consumed..].IndexOf((byte)'\n');
            if (nl < 0)
                return consumed;
            onLine(data.Slice(consumed, nl));
            consumed += nl + 1;
        }
    }
}

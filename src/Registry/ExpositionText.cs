using System.Buffers;
using System.Globalization;
using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>Byte-level pieces of the Prometheus text format (0.0.4), shared by OpenMetrics for gauges.</summary>
internal static class ExpositionText
{
    public static void WriteAscii(IBufferWriter<byte> w, string s)
    {
        var span = w.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
        var n = Encoding.UTF8.GetBytes(s, span);
        w.Advance(n);
    }

    public static void WriteByte(IBufferWriter<byte> w, byte b)
    {
        w.GetSpan(1)[0] = b;
        w.Advance(1);
    }

    /// <summary>Label value escaping of the text format: backslash, double quote and newline.</summary>
    public static void WriteLabelValue(IBufferWriter<byte> w, string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            WriteAscii(w, value);
            return;
        }
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': WriteAscii(w, "\\\\"); break;
                case '"': WriteAscii(w, "\\\""); break;
                case '\n': WriteAscii(w, "\\n"); break;
                default:
                    var span = w.GetSpan(4);
                    w.Advance(rune.EncodeToUtf8(span));
                    break;
            }
        }
    }

    /// <summary>HELP escaping: backslash and newline (prometheus-net does not escape, so we always do it ourselves).</summary>
    public static string EscapeHelp(string help)
    {
        if (help.AsSpan().IndexOfAny('\\', '\n') < 0)
            return help;
        return help.Replace("\\", "\\\\").Replace("\n", "\\n");
    }

    /// <summary>Shortest round-trip number; infinities in the spelling both formats accept.</summary>
    public static void WriteValue(IBufferWriter<byte> w, double value)
    {
        if (double.IsPositiveInfinity(value)) { WriteAscii(w, "+Inf"); return; }
        if (double.IsNegativeInfinity(value)) { WriteAscii(w, "-Inf"); return; }
        if (double.IsNaN(value)) { WriteAscii(w, "NaN"); return; }
        var span = w.GetSpan(32);
        value.TryFormat(span, out var n, "R", CultureInfo.InvariantCulture);
        w.Advance(n);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace KubeApiExporter.Registry;

/// <summary>Byte-level pieces of the exposition formats: the sample lines are the same in text 0.0.4 and OpenMetrics for gauges.</summary>
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

    /// <summary>
    /// HELP escaping, the one place it happens (the flattener hands over raw text): backslash and
    /// newline in both formats, the double quote in OpenMetrics only (text 0.0.4 has no \" escape in
    /// HELP, so a parser of that format would keep the backslash).
    /// </summary>
    public static string EscapeHelp(string help, ExpositionFormat format)
    {
        var quote = format == ExpositionFormat.OpenMetrics;
        if (quote ? help.AsSpan().IndexOfAny('\\', '\n', '"') < 0 : help.AsSpan().IndexOfAny('\\', '\n') < 0)
            return help;
        var escaped = help.Replace("\\", "\\\\").Replace("\n", "\\n");
        return quote ? escaped.Replace("\"", "\\\"") : escaped;
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

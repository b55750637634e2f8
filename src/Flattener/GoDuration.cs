namespace KubeApiExporter.Flattener;

/// <summary>
/// Durations in Go / Kubernetes form (<c>90s</c>, <c>1h30m</c>, <c>2160h0m0s</c>, <c>1.5h</c>, <c>250ms</c>)
/// to seconds, parsed from raw UTF-8 without allocating: a sequence of decimal numbers each followed
/// by a unit <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (Go's time.ParseDuration).
/// A bare number ("0", "30") is not a duration here: without a unit it could be anything.
/// </summary>
internal static class GoDuration
{
    private const int MaxLength = 64;

    public static bool TryParseSeconds(ReadOnlySpan<byte> s, out double seconds)
    {
        seconds = 0;
        if (s.IsEmpty || s.Length > MaxLength)
            return false;
        var i = 0;
        var negative = false;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == '-';
            i++;
        }
        if (i == s.Length)
            return false;
        double total = 0;
        while (i < s.Length)
        {
            double number = 0;
            var digits = 0;
            for (; i < s.Length && IsDigit(s[i]); i++, digits++)
                number = number * 10 + (s[i] - '0');
            if (i < s.Length && s[i] == '.')
            {
                var scale = 0.1;
                for (i++; i < s.Length && IsDigit(s[i]); i++, digits++, scale /= 10)
                    number += (s[i] - '0') * scale;
            }
            if (digits == 0)
                return false;
            var start = i;
            while (i < s.Length && !IsDigit(s[i]) && s[i] != '.')
                i++;
            if (!TryUnit(s[start..i], out var unit))
                return false;
            total += number * unit;
        }
        seconds = negative ? -total : total;
        return double.IsFinite(seconds);
    }

    private static bool TryUnit(ReadOnlySpan<byte> unit, out double seconds)
    {
        seconds = unit switch
        {
            [(byte)'h'] => 3600,
            [(byte)'m'] => 60,
            [(byte)'s'] => 1,
            [(byte)'m', (byte)'s'] => 1e-3,
            [(byte)'u', (byte)'s'] => 1e-6,
            [0xC2, 0xB5, (byte)'s'] => 1e-6, // µs, U+00B5 micro sign
            [0xCE, 0xBC, (byte)'s'] => 1e-6, // μs, U+03BC Greek mu
            [(byte)'n', (byte)'s'] => 1e-9,
            _ => 0,
        };
        return seconds != 0;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}

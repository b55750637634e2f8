namespace KubeApiExporter.Flattener;

/// <summary>
/// RFC 3339 timestamps ("2026-11-20T09:30:00Z", "…:00.123456Z", "…:00+02:00") to Unix seconds,
/// parsed from raw UTF-8 without allocating or throwing. Every string in an object is offered here,
/// so the shape check up front rejects ordinary strings after a few byte compares.
/// </summary>
internal static class Rfc3339
{
    public static bool LooksLikeTimestamp(ReadOnlySpan<byte> s) =>
        s.Length >= 20 && s.Length <= 64 && s[4] == '-' && s[7] == '-' && s[10] is (byte)'T' or (byte)'t';

    public static bool TryParseUnixSeconds(ReadOnlySpan<byte> s, out double seconds)
    {
        seconds = 0;
        if (!LooksLikeTimestamp(s))
            return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute)
            || s[16] != ':' || !Digits(s, 17, 2, out var second))
            return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || hour > 23 || minute > 59 || second > 60) // 60: a leap second is valid RFC 3339
            return false;

        var i = 19;
        double fraction = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            var scale = 0.1;
            while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
            {
                fraction += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start)
                return false;
        }
        if (i >= s.Length)
            return false;

        var offsetSeconds = 0;
        if (s[i] is (byte)'Z' or (byte)'z')
        {
            i++;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            if (s.Length - i != 6 || !Digits(s, i + 1, 2, out var oh) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out var om)
                || oh > 23 || om > 59)
                return false;
            offsetSeconds = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
            i += 6;
        }
        else
        {
            return false;
        }
        if (i != s.Length)
            return false;

        var days = DaysFromCivil(year, month, day);
        var whole = days * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        seconds = whole + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }
}

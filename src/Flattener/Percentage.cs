using System.Globalization;

namespace KubeApiExporter.Flattener;

/// <summary>
/// IntOrString percentages (<c>maxSurge: 25%</c>, <c>maxUnavailable: 12.5%</c>) to their number, parsed
/// from raw UTF-8 without allocating: digits, an optional fraction, then <c>%</c>.
/// </summary>
internal static class Percentage
{
    private const int MaxLength = 32;

    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.Length < 2 || s.Length > MaxLength || s[^1] != '%')
            return false;
        var number = s[..^1];
        var dot = false;
        foreach (var b in number)
        {
            if (b == '.' && !dot)
                dot = true;
            else if ((uint)(b - '0') > 9)
                return false;
        }
        if ((uint)(number[0] - '0') > 9 || number[^1] == '.')
            return false;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

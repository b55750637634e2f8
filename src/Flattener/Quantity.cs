using System.Globalization;

namespace KubeApiExporter.Flattener;

/// <summary>
/// Kubernetes resource quantities ("500m", "1Gi", "2k", "1e3", "1.5") to plain numbers, parsed from
/// the raw UTF-8 bytes so the hot path allocates nothing. Grammar as in k8s.io/apimachinery:
/// <c>[+-]digits[.digits]</c> then a binary-SI suffix (Ki..Ei), a decimal-SI suffix (n u m k M G T P E)
/// or a decimal exponent (<c>e3</c>, <c>E-2</c>).
/// </summary>
internal static class Quantity
{
    private const int MaxLength = 64;

    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxLength)
            return false;

        // The numeric part: optional sign, digits with at most one '.', at least one digit.
        var i = 0;
        if (text[0] is (byte)'+' or (byte)'-')
            i++;
        var digits = 0;
        var dot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
                digits++;
            else if (c == '.' && !dot)
                dot = true;
            else
                break;
        }
        if (digits == 0)
            return false;
        var number = text[..i];
        var suffix = text[i..];

        // Decimal suffixes become an exponent so that double parsing rounds once ("500m" is 500e-3 = 0.5 exactly).
        int exponent;
        double binary = 1;
        if (suffix.IsEmpty) exponent = 0;
        else if (suffix.Length == 1)
        {
            switch (suffix[0])
            {
                case (byte)'n': exponent = -9; break;
                case (byte)'u': exponent = -6; break;
                case (byte)'m': exponent = -3; break;
                case (byte)'k': exponent = 3; break;
                case (byte)'M': exponent = 6; break;
                case (byte)'G': exponent = 9; break;
                case (byte)'T': exponent = 12; break;
                case (byte)'P': exponent = 15; break;
                case (byte)'E': exponent = 18; break;
                default: return false;
            }
        }
        else if (suffix.Length == 2 && suffix[1] == 'i')
        {
            exponent = 0;
            switch (suffix[0])
            {
                case (byte)'K': binary = 1L << 10; break;
                case (byte)'M': binary = 1L << 20; break;
                case (byte)'G': binary = 1L << 30; break;
                case (byte)'T': binary = 1L << 40; break;
                case (byte)'P': binary = 1L << 50; break;
                case (byte)'E': binary = 1L << 60; break;
                default: return false;
            }
        }
        else if (suffix[0] is (byte)'e' or (byte)'E')
        {
            if (!int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
                return false;
            if (suffix[1] is not ((byte)'+' or (byte)'-' or (>= (byte)'0' and <= (byte)'9')))
                return false;
        }
        else return false;

        Span<byte> buffer = stackalloc byte[MaxLength + 16];
        number.CopyTo(buffer);
        var length = number.Length;
        if (exponent != 0)
        {
            buffer[length++] = (byte)'e';
            if (!exponent.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture))
                return false;
            length += written;
        }
        if (!double.TryParse(buffer[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var parsed))
            return false;
        value = parsed * binary;
        return double.IsFinite(value);
    }
}

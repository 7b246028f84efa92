using System.Globalization;

namespace Gateway.Core.Headers;

/// <summary>
/// The Date header value (RFC 3261 §20.17): an RFC 1123 date restricted to GMT,
/// <c>wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"</c>,
/// for example <c>Sat, 13 Nov 2010 23:29:00 GMT</c>.
/// </summary>
/// <remarks>
/// Day and month names match case-insensitively (ABNF literals); the separators must be single spaces as in the
/// grammar, but linear whitespace around the whole value is ignored. Any zone other than <c>GMT</c>
/// (<c>EST</c>, <c>UTC</c>, <c>+0000</c>) is rejected. The weekday must be a valid name but is not checked
/// against the date, and a leap second (<c>:60</c>) is rejected because <see cref="DateTimeOffset"/> cannot
/// represent it.
/// </remarks>
public static class SipDate
{
    private static readonly string[] Weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a Date value; returns false (never throws) when it is not an RFC 1123 GMT date.</summary>
    /// <param name="value">The header field value.</param>
    /// <param name="result">The instant, with a zero offset; <see cref="DateTimeOffset.MinValue"/> on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> value, out DateTimeOffset result)
    {
        result = DateTimeOffset.MinValue;
        var s = HeaderSyntax.TrimLws(value);
        // "Sat, 13 Nov 2010 23:29:00 GMT" is exactly 29 characters.
        if (s.Length != 29) return false;
        if (IndexOfName(Weekdays, s[..3]) < 0) return false;
        if (s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
            s[19] != ':' || s[22] != ':' || s[25] != ' ')
        {
            return false;
        }

        if (!s[26..].Equals("GMT", StringComparison.OrdinalIgnoreCase)) return false;
        var month = IndexOfName(Months, s[8..11]) + 1;
        if (month == 0) return false;
        if (!TwoOrFour(s[5..7], out var day) || !TwoOrFour(s[12..16], out var year) ||
            !TwoOrFour(s[17..19], out var hour) || !TwoOrFour(s[20..22], out var minute) ||
            !TwoOrFour(s[23..25], out var second))
        {
            return false;
        }

        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        result = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>Formats an instant as an RFC 1123 GMT date (converted to UTC; fractions of a second dropped).</summary>
    /// <param name="value">The instant to format.</param>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private static int IndexOfName(string[] names, ReadOnlySpan<char> s)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (s.Equals(names[i].AsSpan(), StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    private static bool TwoOrFour(ReadOnlySpan<char> s, out int value)
    {
        var ok = HeaderSyntax.TryParseDigits(s, 9999, out var v);
        value = (int)v;
        return ok;
    }
}

using System.Text;

namespace Gateway.Core.Syntax;

/// <summary>quoted-string helpers (RFC 3261 §25.1: DQUOTE *(qdtext / quoted-pair) DQUOTE).</summary>
public static class SipQuoting
{
    /// <summary>
    /// Removes the surrounding quotes and resolves quoted-pairs (<c>\"</c> → <c>"</c>). A value that is not a
    /// quoted-string is returned unchanged.
    /// </summary>
    public static string Unquote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        var inner = value.AsSpan(1, value.Length - 2);
        if (inner.IndexOf('\\') < 0) return inner.ToString();
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) i++;
            builder.Append(inner[i]);
        }

        return builder.ToString();
    }

    /// <summary>Wraps <paramref name="value"/> in quotes, escaping <c>"</c> and <c>\</c> as quoted-pairs.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') builder.Append('\\');
            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Finds the end of the quoted-string that opens at <paramref name="start"/> (which must hold <c>"</c>).
    /// Returns the index just past the closing quote, or -1 when the string is not terminated.
    /// </summary>
    internal static int SkipQuoted(ReadOnlySpan<char> s, int start)
    {
        for (var i = start + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == '"') return i + 1;
        }

        return -1;
    }
}

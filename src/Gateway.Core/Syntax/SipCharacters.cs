namespace Gateway.Core.Syntax;

/// <summary>
/// Character classes of the RFC 3261 §25.1 grammar, as one lookup table over ASCII.
/// Every method accepts <see cref="char"/> and <see cref="byte"/>; anything above 0x7F is in no class.
/// </summary>
internal static class SipCharacters
{
    private const ushort Alpha = 1 << 0;
    private const ushort Digit = 1 << 1;
    private const ushort TokenMark = 1 << 2;      // token = alphanum / - . ! % * _ + ` ' ~
    private const ushort UnreservedMark = 1 << 3; // mark = - _ . ! ~ * ' ( )
    private const ushort UserUnreserved = 1 << 4; // & = + $ , ; ? /
    private const ushort PasswordMark = 1 << 5;   // & = + $ ,
    private const ushort ParamUnreserved = 1 << 6; // [ ] / : & + $
    private const ushort HeaderUnreserved = 1 << 7; // [ ] / ? : + $
    private const ushort WordMark = 1 << 8;        // word = token chars / ( ) < > : \ DQUOTE / [ ] ? { }
    private const ushort HexLetter = 1 << 9;
    private const ushort Separator = 1 << 10;      // ( ) < > @ , ; : \ DQUOTE / [ ] ? = { } SP HT

    private static readonly ushort[] Table = Build();

    private static ushort[] Build()
    {
        var table = new ushort[128];
        for (var c = 'a'; c <= 'z'; c++) table[c] |= Alpha;
        for (var c = 'A'; c <= 'Z'; c++) table[c] |= Alpha;
        for (var c = '0'; c <= '9'; c++) table[c] |= Digit;
        for (var c = 'a'; c <= 'f'; c++) table[c] |= HexLetter;
        for (var c = 'A'; c <= 'F'; c++) table[c] |= HexLetter;
        Mark(table, "-.!%*_+`'~", TokenMark | WordMark);
        Mark(table, "-_.!~*'()", UnreservedMark);
        Mark(table, "&=+$,;?/", UserUnreserved);
        Mark(table, "&=+$,", PasswordMark);
        Mark(table, "[]/:&+$", ParamUnreserved);
        Mark(table, "[]/?:+$", HeaderUnreserved);
        Mark(table, "()<>:\\\"/[]?{}", WordMark);
        Mark(table, "()<>@,;:\\\"/[]?={} \t", Separator);
        return table;
    }

    private static void Mark(ushort[] table, string chars, int flag)
    {
        foreach (var c in chars)
        {
            table[c] |= (ushort)flag;
        }
    }

    private static bool Has(int c, ushort flags) => (uint)c < 128 && (Table[c] & flags) != 0;

    /// <summary>ALPHA.</summary>
    public static bool IsAlpha(int c) => Has(c, Alpha);

    /// <summary>DIGIT.</summary>
    public static bool IsDigit(int c) => (uint)(c - '0') <= 9;

    /// <summary>HEXDIG (either case).</summary>
    public static bool IsHex(int c) => Has(c, Digit | HexLetter);

    /// <summary>alphanum.</summary>
    public static bool IsAlphaNumeric(int c) => Has(c, Alpha | Digit);

    /// <summary>token characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~".</summary>
    public static bool IsToken(int c) => Has(c, Alpha | Digit | TokenMark);

    /// <summary>word characters (Call-ID): token characters plus ( ) &lt; &gt; : \ DQUOTE / [ ] ? { }.</summary>
    public static bool IsWord(int c) => Has(c, Alpha | Digit | WordMark);

    /// <summary>unreserved = alphanum / mark.</summary>
    public static bool IsUnreserved(int c) => Has(c, Alpha | Digit | UnreservedMark);

    /// <summary>Characters allowed unescaped in the user part of a SIP URI (unreserved / user-unreserved).</summary>
    public static bool IsUserChar(int c) => Has(c, Alpha | Digit | UnreservedMark | UserUnreserved);

    /// <summary>Characters allowed unescaped in the password part of a SIP URI.</summary>
    public static bool IsPasswordChar(int c) => Has(c, Alpha | Digit | UnreservedMark | PasswordMark);

    /// <summary>paramchar without escapes: param-unreserved / unreserved.</summary>
    public static bool IsParamChar(int c) => Has(c, Alpha | Digit | UnreservedMark | ParamUnreserved);

    /// <summary>hname / hvalue characters without escapes: hnv-unreserved / unreserved.</summary>
    public static bool IsHeaderChar(int c) => Has(c, Alpha | Digit | UnreservedMark | HeaderUnreserved);

    /// <summary>Separators of RFC 3261 §25.1 (and SP, HT).</summary>
    public static bool IsSeparator(int c) => Has(c, Separator);

    /// <summary>SP or HT.</summary>
    public static bool IsWhitespace(int c) => c == ' ' || c == '\t';

    /// <summary>Value of a hex digit, or -1.</summary>
    public static int HexValue(int c)
    {
        if ((uint)(c - '0') <= 9) return c - '0';
        var lower = c | 0x20;
        if ((uint)(lower - 'a') <= 5) return lower - 'a' + 10;
        return -1;
    }

    /// <summary>True when the whole span is one non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (!IsToken(c)) return false;
        }

        return true;
    }

    /// <summary>True when the whole span is one non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (!IsToken(c)) return false;
        }

        return true;
    }
}

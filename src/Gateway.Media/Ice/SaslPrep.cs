using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.Media.Ice;

/// <summary>
/// SASLprep (RFC 4013), the stringprep profile that STUN long-term credentials apply to passwords (RFC 5389 §15.4):
/// map "commonly mapped to nothing" characters (RFC 3454 B.1) away and non-ASCII spaces (C.1.2) to U+0020,
/// normalise with NFKC, then refuse prohibited output (C.2–C.9). Not implemented: the bidirectional check
/// (RFC 3454 §6) and the unassigned-code-point check for stored strings; both only ever reject input.
/// </summary>
internal static class SaslPrep
{
    /// <summary>Prepares <paramref name="input"/>; fails when it contains prohibited characters.</summary>
    public static bool TryPrepare(string input, [NotNullWhen(true)] out string? output)
    {
        output = null;
        var mapped = new StringBuilder(input.Length);
        foreach (var ch in input)
        {
            if (IsMappedToNothing(ch)) continue;
            mapped.Append(IsNonAsciiSpace(ch) ? ' ' : ch);
        }

        string normalized;
        try
        {
            normalized = mapped.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false; // invalid UTF-16 (lone surrogate)
        }

        for (var i = 0; i < normalized.Length; i++)
        {
            int cp;
            if (char.IsHighSurrogate(normalized[i]) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
            {
                cp = char.ConvertToUtf32(normalized[i], normalized[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(normalized[i]))
            {
                return false;
            }
            else
            {
                cp = normalized[i];
            }

            if (IsProhibited(cp)) return false;
        }

        output = normalized;
        return true;
    }

    // RFC 3454 Table B.1.
    private static bool IsMappedToNothing(char c) =>
        c is '\u00AD' or '\u034F' or '\u1806' or '\u180B' or '\u180C' or '\u180D' or '\u200B' or '\u200C'
            or '\u200D' or '\u2060' or '\uFEFF' || (c >= '\uFE00' && c <= '\uFE0F');

    // RFC 3454 Table C.1.2.
    private static bool IsNonAsciiSpace(char c) =>
        c is '\u00A0' or '\u1680' or '\u202F' or '\u205F' or '\u3000' || (c >= '\u2000' && c <= '\u200B');

    // RFC 3454 Tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5 (surrogates, handled above), C.6, C.7, C.8, C.9.
    private static bool IsProhibited(int cp)
    {
        if (cp < 0x20 || cp == 0x7F) return true;                              // C.2.1
        if (cp >= 0x80 && cp <= 0x9F) return true;                             // C.2.2
        if (cp < 0x80) return false;
        if (cp is 0x06DD or 0x070F or 0x180E or 0xFEFF) return true;           // C.2.2
        if (cp >= 0x200C && cp <= 0x200D) return true;                         // C.2.2
        if (cp >= 0x2028 && cp <= 0x2029) return true;                         // C.2.2
        if (cp >= 0x2060 && cp <= 0x2063) return true;                         // C.2.2
        if (cp >= 0x206A && cp <= 0x206F) return true;                         // C.2.2, C.8
        if (cp >= 0xFFF9 && cp <= 0xFFFD) return true;                         // C.2.2, C.6
        if (cp >= 0x1D173 && cp <= 0x1D17A) return true;                       // C.2.2
        if (cp >= 0xE000 && cp <= 0xF8FF) return true;                         // C.3
        if (cp >= 0xF0000) return true;                                        // C.3 (planes 15, 16)
        if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;                         // C.4
        if ((cp & 0xFFFE) == 0xFFFE) return true;                              // C.4
        if (cp >= 0x2FF0 && cp <= 0x2FFB) return true;                         // C.7
        if (cp is 0x0340 or 0x0341 or 0x200E or 0x200F) return true;           // C.8
        if (cp >= 0x202A && cp <= 0x202E) return true;                         // C.8
        if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) return true;    // C.9
        return CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.SpaceSeparator && cp != 0x20; // C.1.2
    }
}

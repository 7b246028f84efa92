using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// The CSeq header field value (RFC 3261 §20.16): <c>1*DIGIT LWS Method</c>, for example <c>4711 INVITE</c>.
/// The number must be below 2**31 (§8.1.1.5); leading zeros are accepted (<c>0009</c> is 9).
/// </summary>
public sealed class SipCSeq : IEquatable<SipCSeq>
{
    /// <summary>Creates a CSeq value.</summary>
    /// <param name="number">The sequence number, 0..2**31-1.</param>
    /// <param name="method">The method token (case-sensitive, RFC 3261 §7.1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is 2**31 or more.</exception>
    /// <exception cref="ArgumentException"><paramref name="method"/> is not a token.</exception>
    public SipCSeq(uint number, string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, HeaderSyntax.MaxCSeq);
        if (!SipCharacters.IsToken(method.AsSpan())) throw new ArgumentException("The method must be a token.", nameof(method));
        Number = number;
        Method = method;
    }

    /// <summary>The sequence number (0..2**31-1).</summary>
    public uint Number { get; }

    /// <summary>The method, as written (methods are case-sensitive).</summary>
    public string Method { get; }

    /// <summary>
    /// Parses a CSeq value. Returns false (never throws) when the number is missing, not decimal, 2**31 or
    /// larger, or the method is not a token.
    /// </summary>
    /// <param name="value">The header field value, possibly with LWS and folding.</param>
    /// <param name="result">The parsed value, or <see langword="null"/> on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SipCSeq? result)
    {
        result = null;
        var s = HeaderSyntax.TrimLws(value);
        var i = 0;
        while (i < s.Length && SipCharacters.IsDigit(s[i])) i++;
        if (!HeaderSyntax.TryParseDigits(s[..i], HeaderSyntax.MaxCSeq, out var number)) return false;
        var methodStart = HeaderSyntax.SkipLws(s, i);
        if (methodStart == i) return false;
        var method = s[methodStart..];
        if (!SipCharacters.IsToken(method)) return false;
        result = new SipCSeq((uint)number, KnownMethod(method));
        return true;
    }

    /// <summary>The value as <c>number SP method</c>, for example <c>9 INVITE</c>.</summary>
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;

    /// <summary>True when both number and method are equal (the method compared case-sensitively).</summary>
    public bool Equals(SipCSeq? other) =>
        other is not null && Number == other.Number && string.Equals(Method, other.Method, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SipCSeq);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, StringComparer.Ordinal.GetHashCode(Method));

    private static string KnownMethod(ReadOnlySpan<char> s) => s switch
    {
        "INVITE" => "INVITE",
        "ACK" => "ACK",
        "BYE" => "BYE",
        "CANCEL" => "CANCEL",
        "OPTIONS" => "OPTIONS",
        "REGISTER" => "REGISTER",
        "PRACK" => "PRACK",
        "SUBSCRIBE" => "SUBSCRIBE",
        "NOTIFY" => "NOTIFY",
        "PUBLISH" => "PUBLISH",
        "INFO" => "INFO",
        "REFER" => "REFER",
        "MESSAGE" => "MESSAGE",
        "UPDATE" => "UPDATE",
        _ => s.ToString(),
    };
}

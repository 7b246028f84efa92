using System.Buffers.Binary;

namespace Gateway.Media.Ice;

/// <summary>
/// The ERROR-CODE value codec (RFC 8489 §14.8: 21 reserved bits, the hundreds digit in 3 bits, the rest 0–99 in a
/// byte, then a UTF-8 reason phrase of at most 763 bytes) and the codes Gateway uses.
/// </summary>
public static class StunErrorCode
{
    /// <summary>300 Try Alternate.</summary>
    public const int TryAlternate = 300;

    /// <summary>400 Bad Request: malformed request, or a required attribute is missing.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated: bad or missing credentials.</summary>
    public const int Unauthenticated = 401;

    /// <summary>403 Forbidden.</summary>
    public const int Forbidden = 403;

    /// <summary>420 Unknown Attribute: a comprehension-required attribute was not understood.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>438 Stale Nonce.</summary>
    public const int StaleNonce = 438;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;

    /// <summary>The longest reason phrase allowed, in bytes.</summary>
    public const int MaxReasonLength = 763;

    /// <summary>The value size for a reason phrase of the given byte length.</summary>
    /// <param name="reasonLength">The reason phrase length in UTF-8 bytes.</param>
    /// <returns>The value size (before padding).</returns>
    public static int GetSize(int reasonLength) => 4 + reasonLength;

    /// <summary>Decodes an ERROR-CODE value.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="code">The code, 300–699.</param>
    /// <param name="reasonUtf8">The reason phrase.</param>
    /// <returns>False when the value is short, the code is out of range, or the reason is too long.</returns>
    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (value.Length < 4 || value.Length > 4 + MaxReasonLength) return false;
        var hundreds = value[2] & 0x07;
        var number = value[3];
        if (hundreds < 3 || hundreds > 6 || number > 99) return false;
        code = (hundreds * 100) + number;
        reasonUtf8 = value[4..];
        return true;
    }

    /// <summary>Encodes an ERROR-CODE value.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="code">The code, 300–699.</param>
    /// <param name="reasonUtf8">The reason phrase, UTF-8, at most 763 bytes.</param>
    /// <param name="written">The bytes written.</param>
    /// <returns>False when the code or reason is out of range or the destination too small.</returns>
    public static bool TryWrite(Span<byte> destination, int code, ReadOnlySpan<byte> reasonUtf8, out int written)
    {
        written = 0;
        if (code < 300 || code > 699 || reasonUtf8.Length > MaxReasonLength) return false;
        if (destination.Length < 4 + reasonUtf8.Length) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, 0);
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        reasonUtf8.CopyTo(destination[4..]);
        written = 4 + reasonUtf8.Length;
        return true;
    }
}

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Ice;

/// <summary>
/// The value codec of MAPPED-ADDRESS (RFC 8489 §14.1) and the XOR- address attributes (§14.2: XOR-MAPPED-ADDRESS,
/// TURN's XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS): family, port, address; the XOR forms mask the port with the
/// top half of the magic cookie and the address with the cookie (IPv4) or cookie + transaction id (IPv6).
/// IPv4-mapped IPv6 endpoints (from dual-mode sockets) are written as IPv4.
/// </summary>
public static class StunAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>The value size for an endpoint: 8 bytes for IPv4 (and IPv4-mapped IPv6), 20 for IPv6.</summary>
    /// <param name="endPoint">The endpoint.</param>
    /// <returns>The value size in bytes.</returns>
    public static int GetSize(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return IsIPv4(endPoint.Address) ? 8 : 20;
    }

    /// <summary>Decodes an address value.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="xor">True for the XOR- forms.</param>
    /// <param name="transactionId">The message's 12-byte transaction id (used for XOR'd IPv6 only).</param>
    /// <param name="endPoint">The decoded endpoint.</param>
    /// <returns>False when the family is unknown or the length does not match it.</returns>
    public static bool TryRead(ReadOnlySpan<byte> value, bool xor, ReadOnlySpan<byte> transactionId,
        [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4) return false;
        var family = value[1];
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        if (xor) port ^= (int)(StunMessage.MagicCookie >> 16);

        Span<byte> address = stackalloc byte[16];
        int addressLength;
        if (family == FamilyIPv4 && value.Length == 8) addressLength = 4;
        else if (family == FamilyIPv6 && value.Length == 20) addressLength = 16;
        else return false;

        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            if (addressLength == 16 && transactionId.Length != StunMessage.TransactionIdLength) return false;
            ApplyMask(address[..addressLength], transactionId);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>Encodes an address value.</summary>
    /// <param name="destination">Where to write the value (see <see cref="GetSize"/>).</param>
    /// <param name="endPoint">The endpoint.</param>
    /// <param name="xor">True for the XOR- forms.</param>
    /// <param name="transactionId">The message's 12-byte transaction id.</param>
    /// <param name="written">The bytes written.</param>
    /// <returns>False when the destination is too small or the transaction id has the wrong length.</returns>
    public static bool TryWrite(Span<byte> destination, IPEndPoint endPoint, bool xor, ReadOnlySpan<byte> transactionId,
        out int written)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        written = 0;
        Span<byte> address = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(address, out var addressLength)) return false;
        if (addressLength == 16 && endPoint.Address.IsIPv4MappedToIPv6)
        {
            address.Slice(12, 4).CopyTo(address);
            addressLength = 4;
        }

        if (destination.Length < 4 + addressLength) return false;
        if (xor && addressLength == 16 && transactionId.Length != StunMessage.TransactionIdLength) return false;

        destination[0] = 0;
        destination[1] = addressLength == 4 ? FamilyIPv4 : FamilyIPv6;
        var port = (ushort)endPoint.Port;
        if (xor) port ^= (ushort)(StunMessage.MagicCookie >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        if (xor) ApplyMask(address[..addressLength], transactionId);
        address[..addressLength].CopyTo(destination[4..]);
        written = 4 + addressLength;
        return true;
    }

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;

    private static void ApplyMask(Span<byte> address, ReadOnlySpan<byte> transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        if (address.Length == 16) transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }
    }
}

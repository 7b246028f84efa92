using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Transports.Connections;

/// <summary>
/// Flow tokens (RFC 5626 §5.2): the flow id followed by a 128-bit truncated HMAC-SHA256 under a key drawn at random
/// for this process, base64url-encoded (RFC 4648 §5, no padding), so it fits a URI user part or parameter value
/// unescaped. A token cannot be forged or altered without the key, and dies with the process.
/// </summary>
internal sealed class FlowTokenCodec
{
    private const int MacLength = 16;
    private const int MaxIdLength = 256;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Encode(string flowId)
    {
        var idLength = Encoding.ASCII.GetByteCount(flowId);
        Span<byte> raw = stackalloc byte[idLength + MacLength];
        Encoding.ASCII.GetBytes(flowId, raw);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, raw[..idLength], mac);
        mac[..MacLength].CopyTo(raw[idLength..]);
        return Base64Url.EncodeToString(raw);
    }

    public bool TryDecode(ReadOnlySpan<char> token, out string flowId)
    {
        flowId = string.Empty;
        if (token.IsEmpty || token.Length > Base64Url.GetEncodedLength(MaxIdLength + MacLength)) return false;
        if (!Base64Url.IsValid(token, out var decodedLength) || decodedLength <= MacLength) return false;
        Span<byte> raw = stackalloc byte[decodedLength];
        if (!Base64Url.TryDecodeFromChars(token, raw, out var length) || length != decodedLength) return false;
        var id = raw[..(length - MacLength)];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, id, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], raw.Slice(length - MacLength, MacLength))) return false;
        flowId = Encoding.ASCII.GetString(id);
        return true;
    }
}

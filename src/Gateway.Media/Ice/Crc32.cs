namespace Gateway.Media.Ice;

/// <summary>
/// CRC-32 as used by FINGERPRINT (RFC 8489 §14.7 refers to ITU-T V.42 / ISO 3309, the zlib/Ethernet CRC):
/// reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Table-driven, one byte at a time.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 computed over earlier data (pass 0 to start).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        var c = ~crc;
        foreach (var b in data)
        {
            c = table[(byte)(c ^ b)] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

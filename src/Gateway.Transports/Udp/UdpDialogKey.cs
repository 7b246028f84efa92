namespace Gateway.Transports.Udp;

/// <summary>
/// A cheap hash of a datagram's Call-ID, read from the raw bytes before parsing (the long form <c>Call-ID</c> or the
/// compact <c>i</c>, any case, RFC 3261 §7.3.3), so that every message of a dialog maps to the same ordering stripe.
/// Messages without a readable Call-ID fall back to a hash of the source address.
/// </summary>
internal static class UdpDialogKey
{
    private const uint FnvBasis = 2166136261u;
    private const uint FnvPrime = 16777619u;

    /// <summary>The Call-ID's hash, or false when the header section has no Call-ID field.</summary>
    public static bool TryHashCallId(ReadOnlySpan<byte> datagram, out uint hash)
    {
        hash = 0;
        var position = 0;
        while (position < datagram.Length)
        {
            var rest = datagram[position..];
            var lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0) return false;
            var line = rest[..lineEnd];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];

            // An empty line ends the header section; the first line (start line) never matches a header name.
            if (line.IsEmpty && position > 0) return false;
            if (position > 0 && TryGetCallIdValue(line, out var value))
            {
                hash = FnvBasis;
                foreach (var b in value) hash = (hash ^ b) * FnvPrime;
                return true;
            }

            position += lineEnd + 1;
        }

        return false;
    }

    /// <summary>A hash of the source address bytes (the fallback key).</summary>
    public static uint HashAddress(ReadOnlySpan<byte> address)
    {
        var hash = FnvBasis;
        foreach (var b in address) hash = (hash ^ b) * FnvPrime;
        return hash;
    }

    private static bool TryGetCallIdValue(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> value)
    {
        value = default;
        int nameLength;
        if (line.Length > 7 && StartsWithIgnoreCase(line, "call-id"u8)) nameLength = 7;
        else if (line.Length > 1 && (line[0] | 0x20) == (byte)'i') nameLength = 1;
        else return false;

        var i = nameLength;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t') i++;
        if (i >= line.Length || line[i] != (byte)':') return false;
        value = line[(i + 1)..].Trim(" \t"u8);
        return !value.IsEmpty;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> lowerName)
    {
        for (var i = 0; i < lowerName.Length; i++)
        {
            if ((line[i] | 0x20) != lowerName[i]) return false;
        }

        return true;
    }
}

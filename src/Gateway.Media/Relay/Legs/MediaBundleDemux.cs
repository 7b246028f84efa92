using System.Buffers.Binary;
using System.Text;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// Which bundled m-line a packet a party sent on a BUNDLE transport belongs to (RFC 8843 §9.2): by its SSRC when the
/// party announced it (a=ssrc, a=ssrc-group) or it was learned, else by the MID RTP header extension (RFC 8285, one-
/// or two-byte form), else by a payload type only one bundled m-line has; an SSRC resolved by MID or payload type is
/// learned, so later packets resolve by SSRC. RTCP packets go by their sender SSRC, else by the SSRC they report on
/// (the relay's own outbound SSRCs, noted per m-line as it sends).
/// </summary>
/// <remarks>
/// Immutable but for the two learned tables: fixed arrays of immutable entries filled with compare-and-swap, read
/// without locks. Lookups do not allocate; learning allocates one entry per new SSRC. A table that is full learns no
/// more (packets keep resolving by MID or payload type).
/// </remarks>
internal sealed class MediaBundleDemux
{
    /// <summary>How many SSRCs each learned table holds.</summary>
    public const int MaxLearned = 32;

    /// <summary>No member: the packet cannot be attributed.</summary>
    public const int Unknown = -1;

    private const sbyte NoPayloadType = -1;
    private const sbyte AmbiguousPayloadType = -2;
    private const int MidUnmatched = -2;
    private const ushort OneByteProfile = 0xBEDE;
    private const ushort TwoByteProfileMask = 0xFFF0;
    private const ushort TwoByteProfile = 0x1000;

    private readonly BundledMediaLeg?[] _members;
    private readonly uint[] _ssrcs;
    private readonly int[] _ssrcMembers;
    private readonly byte[][] _mids;
    private readonly sbyte[] _payloadTypes = new sbyte[128];
    private readonly int _midExtensionId;
    private readonly MediaBundleSsrc?[] _learned = new MediaBundleSsrc?[MaxLearned];
    private readonly MediaBundleSsrc?[] _outbound = new MediaBundleSsrc?[MaxLearned];

    /// <summary>Builds the table for <paramref name="bundle"/>; SSRCs learned by <paramref name="previous"/> for members still present are kept.</summary>
    /// <param name="bundle">The bundled m-lines.</param>
    /// <param name="transport">The transport leg (its own member maps to a null <see cref="Member"/>).</param>
    /// <param name="previous">The table this one replaces, or null.</param>
    public MediaBundleDemux(MediaLegBundle bundle, IMediaLeg transport, MediaBundleDemux? previous)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var count = bundle.Members.Count;
        _members = new BundledMediaLeg?[count];
        _mids = new byte[count][];
        _midExtensionId = bundle.MidExtensionId is > 0 and < 256 ? bundle.MidExtensionId : 0;
        Array.Fill(_payloadTypes, NoPayloadType);
        var ssrcs = new List<uint>();
        var ssrcMembers = new List<int>();
        for (var m = 0; m < count; m++)
        {
            var member = bundle.Members[m];
            if (ReferenceEquals(member.Leg, transport))
            {
                _members[m] = null;
            }
            else
            {
                _members[m] = member.Leg as BundledMediaLeg
                    ?? throw new ArgumentException("A bundled m-line's leg must be a bundled leg of this transport.", nameof(bundle));
            }

            _mids[m] = member.Mid is { Length: > 0 } mid ? Encoding.ASCII.GetBytes(mid) : [];
            foreach (var ssrc in member.Ssrcs)
            {
                if (ssrcs.Contains(ssrc)) continue; // announced twice: the first m-line keeps it
                ssrcs.Add(ssrc);
                ssrcMembers.Add(m);
            }

            foreach (var payloadType in member.PayloadTypes)
            {
                if ((uint)payloadType > 127) continue;
                var current = _payloadTypes[payloadType];
                _payloadTypes[payloadType] = current == NoPayloadType || current == m ? (sbyte)m : AmbiguousPayloadType;
            }
        }

        _ssrcs = [.. ssrcs];
        _ssrcMembers = [.. ssrcMembers];
        if (previous is not null)
        {
            CarryOver(previous, previous._learned, _learned);
            CarryOver(previous, previous._outbound, _outbound);
        }
    }

    /// <summary>How many m-lines share the transport.</summary>
    public int Count => _members.Length;

    /// <summary>The bundled leg of member <paramref name="index"/>, or null for the transport leg's own m-line.</summary>
    /// <param name="index">The member index.</param>
    /// <returns>The leg.</returns>
    public BundledMediaLeg? Member(int index) => _members[index];

    /// <summary>The member index of a bundled leg (null: the transport's own m-line), or <see cref="Unknown"/>.</summary>
    /// <param name="leg">The leg.</param>
    /// <returns>The index.</returns>
    public int IndexOf(BundledMediaLeg? leg)
    {
        for (var m = 0; m < _members.Length; m++)
        {
            if (ReferenceEquals(_members[m], leg)) return m;
        }

        return Unknown;
    }

    /// <summary>The member a plain RTP packet from the party belongs to, or <see cref="Unknown"/>; learns its SSRC when it resolves by MID or payload type.</summary>
    /// <param name="packet">The RTP packet (decrypted).</param>
    /// <returns>The member index.</returns>
    public int ResolveRtp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12) return Unknown;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var member = FindInbound(ssrc);
        if (member >= 0) return member;

        member = ByMid(packet);
        if (member == MidUnmatched) return Unknown; // a MID no bundled m-line has: never guess
        if (member < 0)
        {
            var byPayloadType = _payloadTypes[packet[1] & 0x7F];
            member = byPayloadType >= 0 ? byPayloadType : Unknown;
        }

        if (member >= 0) Learn(_learned, ssrc, member);
        return member;
    }

    /// <summary>The member one RTCP packet (of a compound) from the party belongs to, or <see cref="Unknown"/>.</summary>
    /// <param name="packet">One RTCP packet, header included (decrypted).</param>
    /// <returns>The member index.</returns>
    public int ResolveRtcp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 8) return Unknown;
        var member = FindInbound(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]));
        if (member >= 0) return member;
        var reports = packet[0] & 0x1F;
        return packet[1] switch
        {
            200 when reports > 0 && packet.Length >= 32 => Find(_outbound, BinaryPrimitives.ReadUInt32BigEndian(packet[28..])), // SR: first report block
            201 when reports > 0 && packet.Length >= 12 => Find(_outbound, BinaryPrimitives.ReadUInt32BigEndian(packet[8..])), // RR: first report block
            205 or 206 when packet.Length >= 12 => Find(_outbound, BinaryPrimitives.ReadUInt32BigEndian(packet[8..])), // feedback: media source
            _ => Unknown,
        };
    }

    /// <summary>Notes that the relay sends <paramref name="ssrc"/> on member <paramref name="member"/> (so reports and feedback about it can be routed back).</summary>
    /// <param name="member">The member index.</param>
    /// <param name="ssrc">The SSRC of an RTP packet sent to the party.</param>
    public void NoteOutbound(int member, uint ssrc)
    {
        if (Find(_outbound, ssrc) < 0) Learn(_outbound, ssrc, member);
    }

    private int FindInbound(uint ssrc)
    {
        var ssrcs = _ssrcs;
        for (var i = 0; i < ssrcs.Length; i++)
        {
            if (ssrcs[i] == ssrc) return _ssrcMembers[i];
        }

        return Find(_learned, ssrc);
    }

    private static int Find(MediaBundleSsrc?[] table, uint ssrc)
    {
        for (var i = 0; i < table.Length; i++)
        {
            var entry = Volatile.Read(ref table[i]);
            if (entry is null) return Unknown;
            if (entry.Ssrc == ssrc) return entry.Member;
        }

        return Unknown;
    }

    private static void Learn(MediaBundleSsrc?[] table, uint ssrc, int member)
    {
        for (var i = 0; i < table.Length; i++)
        {
            var entry = Volatile.Read(ref table[i]);
            if (entry is null)
            {
                entry = Interlocked.CompareExchange(ref table[i], new MediaBundleSsrc(ssrc, member), null);
                if (entry is null) return;
            }

            if (entry.Ssrc == ssrc) return;
        }
    }

    private void CarryOver(MediaBundleDemux previous, MediaBundleSsrc?[] from, MediaBundleSsrc?[] to)
    {
        var next = 0;
        foreach (var entry in from)
        {
            if (entry is null) break;
            var index = IndexOf(previous._members[entry.Member]);
            if (index < 0) continue; // that m-line left the bundle
            to[next++] = entry.Member == index ? entry : new MediaBundleSsrc(entry.Ssrc, index);
        }
    }

    /// <summary>The member named by the packet's MID header extension; -1 without one, <see cref="MidUnmatched"/> for a MID no member has.</summary>
    private int ByMid(ReadOnlySpan<byte> packet)
    {
        if (_midExtensionId == 0 || (packet[0] & 0x10) == 0) return -1;
        var offset = 12 + (4 * (packet[0] & 0x0F));
        if (packet.Length < offset + 4) return -1;
        var profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var end = offset + 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        if (end > packet.Length) return -1;
        var elements = packet[(offset + 4)..end];
        var i = 0;
        if (profile == OneByteProfile)
        {
            while (i < elements.Length)
            {
                var head = elements[i];
                if (head == 0)
                {
                    i++; // padding
                    continue;
                }

                var id = head >> 4;
                if (id == 15) return -1; // reserved: stop parsing (RFC 8285 §4.2)
                var length = (head & 0x0F) + 1;
                i++;
                if (i + length > elements.Length) return -1;
                if (id == _midExtensionId) return MatchMid(elements.Slice(i, length));
                i += length;
            }
        }
        else if ((profile & TwoByteProfileMask) == TwoByteProfile)
        {
            while (i < elements.Length)
            {
                var id = elements[i];
                if (id == 0)
                {
                    i++; // padding
                    continue;
                }

                if (i + 1 >= elements.Length) return -1;
                var length = elements[i + 1];
                i += 2;
                if (i + length > elements.Length) return -1;
                if (id == _midExtensionId) return MatchMid(elements.Slice(i, length));
                i += length;
            }
        }

        return -1;
    }

    private int MatchMid(ReadOnlySpan<byte> mid)
    {
        for (var m = 0; m < _mids.Length; m++)
        {
            if (_mids[m].Length > 0 && mid.SequenceEqual(_mids[m])) return m;
        }

        return MidUnmatched;
    }
}

using System.Buffers.Binary;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Srtp;

public sealed class SrtpContextTests
{
    private const uint Ssrc = 0x11223344;

    public static IEnumerable<object[]> Profiles => SrtpProfile.All.Select(p => new object[] { p.Name });

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectUnprotectRtp_EveryProfile_RoundTrips(string name)
    {
        using var pair = ContextPair.Create(name);
        for (var i = 0; i < 50; i++)
        {
            var packet = RtpPacket((ushort)(1000 + i), payloadLength: 17 * i);
            var buffer = WithRoom(packet);
            Assert.True(pair.Sender.TryProtectRtp(buffer, packet.Length, out var protectedLength, out var status), status.ToString());
            Assert.Equal(packet.Length + pair.Profile.RtpAuthTagLength, protectedLength);
            if (packet.Length > 12) Assert.NotEqual(packet[12..], buffer[12..packet.Length]);
            Assert.True(pair.Receiver.TryUnprotectRtp(buffer, protectedLength, out var plainLength, out status), status.ToString());
            Assert.Equal(packet, buffer[..plainLength]);
        }

        Assert.Equal(50, pair.Receiver.RtpPackets);
        Assert.Equal(0, pair.Receiver.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectUnprotectRtcp_EveryProfile_RoundTrips(string name)
    {
        using var pair = ContextPair.Create(name);
        for (var i = 0; i < 20; i++)
        {
            var packet = RtcpPacket(extraWords: i);
            var buffer = WithRoom(packet);
            Assert.True(pair.Sender.TryProtectRtcp(buffer, packet.Length, out var protectedLength, out var status), status.ToString());
            Assert.Equal(packet.Length + pair.Sender.RtcpOverhead, protectedLength);
            var word = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(pair.Profile.IsAead ? protectedLength - 4 : packet.Length));
            Assert.Equal(0x8000_0000u | (uint)i, word); // E bit and SRTCP index counting from 0
            Assert.True(pair.Receiver.TryUnprotectRtcp(buffer, protectedLength, out var plainLength, out status), status.ToString());
            Assert.Equal(packet, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_UnencryptedSrtp_RoundTripsWithPayloadInClear(string name)
    {
        var options = new SrtpContextOptions { EncryptRtp = false, EncryptRtcp = false };
        using var pair = ContextPair.Create(name, options);
        var packet = RtpPacket(7, 40);
        var buffer = WithRoom(packet);
        Assert.True(pair.Sender.TryProtectRtp(buffer, packet.Length, out var protectedLength));
        Assert.Equal(packet, buffer[..packet.Length]);
        Assert.True(pair.Receiver.TryUnprotectRtp(buffer, protectedLength, out var plainLength));
        Assert.Equal(packet, buffer[..plainLength]);

        var rtcp = RtcpPacket(3);
        buffer = WithRoom(rtcp);
        Assert.True(pair.Sender.TryProtectRtcp(buffer, rtcp.Length, out protectedLength));
        Assert.Equal(rtcp, buffer[..rtcp.Length]);
        Assert.True(pair.Receiver.TryUnprotectRtcp(buffer, protectedLength, out plainLength));
        Assert.Equal(rtcp, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_AnyBitFlipped_AuthenticationFailed(string name)
    {
        using var pair = ContextPair.Create(name);
        var packet = RtpPacket(500, 30);
        var buffer = WithRoom(packet);
        Assert.True(pair.Sender.TryProtectRtp(buffer, packet.Length, out var protectedLength));
        var wire = buffer[..protectedLength];
        var failures = 0;
        for (var bit = 0; bit < wire.Length * 8; bit += 3)
        {
            var copy = WithRoom(wire);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var ok = pair.Receiver.TryUnprotectRtp(copy, wire.Length, out _, out var status);
            Assert.False(ok, $"bit {bit} flipped was accepted");

            // Flips in the version bits make the header invalid; flips in SEQ/SSRC may be reported otherwise, never Ok.
            Assert.NotEqual(SrtpStatus.Ok, status);
            if (status == SrtpStatus.AuthenticationFailed) failures++;
        }

        Assert.Equal(failures, pair.Receiver.AuthenticationFailures);
        Assert.True(failures > wire.Length * 2);

        // Tag, payload and header tampering each counted; the genuine packet still goes through afterwards.
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wire), wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_TamperedTagPayloadOrIndex_AuthenticationFailed(string name)
    {
        using var pair = ContextPair.Create(name);
        var packet = RtcpPacket(4);
        var buffer = WithRoom(packet);
        Assert.True(pair.Sender.TryProtectRtcp(buffer, packet.Length, out var protectedLength));
        var wire = buffer[..protectedLength];
        foreach (var position in new[] { 1, 5, 10, packet.Length - 1, protectedLength - 1, pair.Profile.IsAead ? protectedLength - 1 : packet.Length + 3 })
        {
            var copy = WithRoom(wire);
            copy[position] ^= 0x01;
            Assert.False(pair.Receiver.TryUnprotectRtcp(copy, wire.Length, out _, out var status));
            Assert.Equal(SrtpStatus.AuthenticationFailed, status);
        }

        Assert.True(pair.Receiver.TryUnprotectRtcp(WithRoom(wire), wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_TruncatedPackets_RejectedWithoutThrowing(string name)
    {
        using var pair = ContextPair.Create(name);
        var packet = RtpPacket(9, 20);
        var buffer = WithRoom(packet);
        Assert.True(pair.Sender.TryProtectRtp(buffer, packet.Length, out var protectedLength));
        for (var length = 0; length < protectedLength; length++)
        {
            var copy = WithRoom(buffer.AsSpan(0, length));
            Assert.False(pair.Receiver.TryUnprotectRtp(copy, length, out _, out var status));
            Assert.Contains(status, new[] { SrtpStatus.TooShort, SrtpStatus.AuthenticationFailed, SrtpStatus.Malformed });
            if (length < 12 + pair.Profile.RtpAuthTagLength) Assert.Equal(SrtpStatus.TooShort, status);
        }

        var rtcp = RtcpPacket(2);
        buffer = WithRoom(rtcp);
        Assert.True(pair.Sender.TryProtectRtcp(buffer, rtcp.Length, out protectedLength));
        for (var length = 0; length < protectedLength; length++)
        {
            Assert.False(pair.Receiver.TryUnprotectRtcp(WithRoom(buffer.AsSpan(0, length)), length, out _, out var status));
            Assert.NotEqual(SrtpStatus.Ok, status);
        }
    }

    [Fact]
    public void Protect_NoRoomForTag_BufferTooSmall()
    {
        using var pair = ContextPair.Create("AES_CM_128_HMAC_SHA1_80");
        var packet = RtpPacket(1, 10);
        Assert.False(pair.Sender.TryProtectRtp(packet.ToArray(), packet.Length, out _, out var status));
        Assert.Equal(SrtpStatus.BufferTooSmall, status);
        var rtcp = RtcpPacket(0);
        Assert.False(pair.Sender.TryProtectRtcp(rtcp.Concat(new byte[13]).ToArray(), rtcp.Length, out _, out status));
        Assert.Equal(SrtpStatus.BufferTooSmall, status);
        Assert.False(pair.Sender.TryProtectRtp(new byte[10], 11, out _, out status));
        Assert.Equal(SrtpStatus.Malformed, status);
    }

    [Fact]
    public void Context_WrongDirectionOrDisposed_Refused()
    {
        var pair = ContextPair.Create("AEAD_AES_128_GCM");
        var buffer = WithRoom(RtpPacket(1, 10));
        Assert.False(pair.Receiver.TryProtectRtp(buffer, 22, out _, out var status));
        Assert.Equal(SrtpStatus.WrongDirection, status);
        Assert.False(pair.Sender.TryUnprotectRtcp(buffer, 22, out _, out status));
        Assert.Equal(SrtpStatus.WrongDirection, status);
        pair.Dispose();
        Assert.False(pair.Sender.TryProtectRtp(buffer, 22, out _, out status));
        Assert.Equal(SrtpStatus.Disposed, status);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_Replayed_RejectedAndCounted(string name)
    {
        using var pair = ContextPair.Create(name);
        var wire = Protect(pair.Sender, RtpPacket(100, 20));
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wire), wire.Length, out _));
        Assert.False(pair.Receiver.TryUnprotectRtp(WithRoom(wire), wire.Length, out _, out var status));
        Assert.Equal(SrtpStatus.Replayed, status);
        Assert.Equal(1, pair.Receiver.ReplayedPackets);

        var rtcp = ProtectRtcp(pair.Sender, RtcpPacket(1));
        Assert.True(pair.Receiver.TryUnprotectRtcp(WithRoom(rtcp), rtcp.Length, out _));
        Assert.False(pair.Receiver.TryUnprotectRtcp(WithRoom(rtcp), rtcp.Length, out _, out status));
        Assert.Equal(SrtpStatus.Replayed, status);
        Assert.Equal(2, pair.Receiver.ReplayedPackets);
    }

    [Fact]
    public void UnprotectRtp_OldButInWindow_AcceptedOnce()
    {
        using var pair = ContextPair.Create("AES_CM_128_HMAC_SHA1_80");
        var wires = Enumerable.Range(0, 100).Select(i => Protect(pair.Sender, RtpPacket((ushort)(5000 + i), 8))).ToArray();

        // Deliver 0, then 99, then the ones in between in reverse: 36..98 are within 63 of 99, the rest too old.
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wires[0]), wires[0].Length, out _));
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wires[99]), wires[99].Length, out _));
        for (var i = 98; i >= 1; i--)
        {
            var ok = pair.Receiver.TryUnprotectRtp(WithRoom(wires[i]), wires[i].Length, out _, out var status);
            Assert.Equal(99 - i < ReplayWindow.Size, ok);
            if (!ok) Assert.Equal(SrtpStatus.Replayed, status);
        }

        // Each accepted old packet is accepted only once.
        Assert.False(pair.Receiver.TryUnprotectRtp(WithRoom(wires[50]), wires[50].Length, out _, out var again));
        Assert.Equal(SrtpStatus.Replayed, again);
    }

    [Fact]
    public void UnprotectRtp_ForgedPacket_DoesNotAdvanceIndex()
    {
        using var pair = ContextPair.Create("AES_CM_128_HMAC_SHA1_80");
        var first = Protect(pair.Sender, RtpPacket(10, 8));
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(first), first.Length, out _));

        // A forged packet far ahead fails authentication and must not move the window: had it moved to 30000,
        // the genuine packet 11 would then be older than the window.
        var forged = WithRoom(first);
        BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), 30000);
        Assert.False(pair.Receiver.TryUnprotectRtp(forged, first.Length, out _, out var status));
        Assert.Equal(SrtpStatus.AuthenticationFailed, status);

        var next = Protect(pair.Sender, RtpPacket(11, 8));
        Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(next), next.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_SequenceWrapsAndReorders_RolloverTracked(string name)
    {
        using var pair = ContextPair.Create(name);

        // Sender emits 65530..65535, 0..9 (ROC 0 → 1); the receiver gets them reordered around the wrap.
        var sequences = Enumerable.Range(65530, 6).Concat(Enumerable.Range(0, 10)).Select(s => (ushort)s).ToArray();
        var wires = sequences.Select(s => Protect(pair.Sender, RtpPacket(s, 12))).ToArray();
        var order = new[] { 0, 1, 2, 7, 3, 4, 8, 6, 5, 9, 10, 12, 11, 15, 13, 14 };
        foreach (var i in order)
        {
            var buffer = WithRoom(wires[i]);
            Assert.True(pair.Receiver.TryUnprotectRtp(buffer, wires[i].Length, out var plainLength, out var status), $"#{i} seq {sequences[i]}: {status}");
            Assert.Equal(RtpPacket(sequences[i], 12), buffer[..plainLength]);
        }

        // A late packet from before the wrap (ROC 0) still authenticates once: it is in the window.
        Assert.False(pair.Receiver.TryUnprotectRtp(WithRoom(wires[5]), wires[5].Length, out _, out var replay));
        Assert.Equal(SrtpStatus.Replayed, replay);

        // Across a second wrap, the ROC keeps counting (ROC 2).
        for (var s = 10; s < 65536 + 20; s += 1000)
        {
            var wire = Protect(pair.Sender, RtpPacket((ushort)s, 4));
            Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wire), wire.Length, out _, out var status), $"seq {(ushort)s}: {status}");
        }
    }

    [Fact]
    public void EstimateIndex_Rfc3711AppendixA_PicksClosestRoc()
    {
        Assert.Equal(0x1_0005, SrtpContext.EstimateIndex(0x0_FFF0, 5));       // wrapped forward: ROC + 1
        Assert.Equal(0x0_FFF0, SrtpContext.EstimateIndex(0x1_0005, 0xFFF0));  // late packet from before the wrap: ROC − 1
        Assert.Equal(0x1_0010, SrtpContext.EstimateIndex(0x1_0005, 0x10));    // ordinary
        Assert.True(SrtpContext.EstimateIndex(0x0_0005, 0xFFF0) < 0);         // before the stream began
        Assert.Equal(0x2_8000, SrtpContext.EstimateIndex(0x2_7FFF, 0x8000));
    }

    [Fact]
    public void Context_SsrcLimit_NewSsrcRefusedAndForgedSsrcTakesNoSlot()
    {
        using var pair = ContextPair.Create("AES_CM_128_HMAC_SHA1_80", new SrtpContextOptions { MaxSsrcs = 2 });
        for (uint ssrc = 1; ssrc <= 2; ssrc++)
        {
            var wire = Protect(pair.Sender, RtpPacket(1, 4, ssrc));
            Assert.True(pair.Receiver.TryUnprotectRtp(WithRoom(wire), wire.Length, out _));
        }

        var third = RtpPacket(1, 4, 3);
        Assert.False(pair.Sender.TryProtectRtp(WithRoom(third), third.Length, out _, out var status));
        Assert.Equal(SrtpStatus.UnknownSsrcLimit, status);
        Assert.Equal(2, pair.Receiver.SsrcCount);

        using var other = ContextPair.Create("AES_CM_128_HMAC_SHA1_80", new SrtpContextOptions { MaxSsrcs = 1 });
        var forged = WithRoom(Protect(pair.Sender, RtpPacket(2, 4, 1)));
        Assert.False(other.Receiver.TryUnprotectRtp(forged, 12 + 4 + 10, out _, out status));
        Assert.Equal(SrtpStatus.AuthenticationFailed, status);
        Assert.Equal(0, other.Receiver.SsrcCount);
        var wire1 = Protect(other.Sender, RtpPacket(2, 4, 9));
        Assert.True(other.Receiver.TryUnprotectRtp(WithRoom(wire1), wire1.Length, out _));
        Assert.Equal(1, other.Receiver.SsrcCount);
        var wire2 = Protect(pair.Sender, RtpPacket(3, 4, 2));
        Assert.False(other.Receiver.TryUnprotectRtp(WithRoom(wire2), wire2.Length, out _, out status));
        Assert.Equal(SrtpStatus.UnknownSsrcLimit, status);
    }

    [Fact]
    public void Context_KeyOrSaltOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AesCm128HmacSha1Tag80, new byte[32], new byte[14], SrtpDirection.Protect));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14], SrtpDirection.Protect));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], SrtpDirection.Protect, new SrtpContextOptions { MaxSsrcs = 0 }));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectUnprotect_AfterWarmUp_AllocatesNothing(string name)
    {
        using var pair = ContextPair.Create(name);
        var packet = RtpPacket(0, 160);
        var rtcp = RtcpPacket(6);
        var buffer = new byte[1500];
        var seq = 0;

        void RoundTrip()
        {
            packet.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)seq++);
            if (!pair.Sender.TryProtectRtp(buffer, packet.Length, out var length)) throw new InvalidOperationException("protect");
            if (!pair.Receiver.TryUnprotectRtp(buffer, length, out _)) throw new InvalidOperationException("unprotect");
            rtcp.CopyTo(buffer, 0);
            if (!pair.Sender.TryProtectRtcp(buffer, rtcp.Length, out length)) throw new InvalidOperationException("protect rtcp");
            if (!pair.Receiver.TryUnprotectRtcp(buffer, length, out _)) throw new InvalidOperationException("unprotect rtcp");
        }

        for (var i = 0; i < 100; i++) RoundTrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) RoundTrip();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Profile_LookupByIdAndName_FindsIanaEntries()
    {
        Assert.True(SrtpProfile.TryFromDtlsId(0x0001, out var p) && p == SrtpProfile.AesCm128HmacSha1Tag80);
        Assert.True(SrtpProfile.TryFromDtlsId(0x0002, out p) && p == SrtpProfile.AesCm128HmacSha1Tag32);
        Assert.True(SrtpProfile.TryFromDtlsId(0x0007, out p) && p == SrtpProfile.AeadAes128Gcm);
        Assert.True(SrtpProfile.TryFromDtlsId(0x0008, out p) && p == SrtpProfile.AeadAes256Gcm);
        Assert.False(SrtpProfile.TryFromDtlsId(0x0005, out _));
        Assert.True(SrtpProfile.TryFromName("AES_256_CM_HMAC_SHA1_32", out p) && p.CipherKeyLength == 32 && p.RtpAuthTagLength == 4 && p.RtcpAuthTagLength == 10);
        Assert.False(SrtpProfile.TryFromName("aes_cm_128_hmac_sha1_80", out _));
        Assert.Equal(30, SrtpProfile.AesCm128HmacSha1Tag80.MasterKeyMaterialLength);
        Assert.Equal(28, SrtpProfile.AeadAes128Gcm.MasterKeyMaterialLength);
    }

    internal static byte[] RtpPacket(ushort sequence, int payloadLength, uint ssrc = Ssrc)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 12; i < packet.Length; i++) packet[i] = (byte)(i * 7);
        return packet;
    }

    internal static byte[] RtcpPacket(int extraWords, uint ssrc = Ssrc)
    {
        var packet = new byte[8 + (4 * extraWords)];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(1 + extraWords));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (var i = 8; i < packet.Length; i++) packet[i] = (byte)(i * 3);
        return packet;
    }

    internal static byte[] WithRoom(ReadOnlySpan<byte> packet)
    {
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer);
        return buffer;
    }

    private static byte[] Protect(SrtpContext sender, byte[] packet)
    {
        var buffer = WithRoom(packet);
        Assert.True(sender.TryProtectRtp(buffer, packet.Length, out var length, out var status), status.ToString());
        return buffer[..length];
    }

    private static byte[] ProtectRtcp(SrtpContext sender, byte[] packet)
    {
        var buffer = WithRoom(packet);
        Assert.True(sender.TryProtectRtcp(buffer, packet.Length, out var length, out var status), status.ToString());
        return buffer[..length];
    }
}

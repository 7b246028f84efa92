using Gateway.Media.Rtp;

namespace Gateway.Media.Tests.Rtp;

public sealed class RtpHeaderTests
{
    // RFC 3550 §5.1 header: V=2 P=1 X=1 CC=2, M=1 PT=96, seq 0x1234, ts 0xdecafbad, SSRC 0xcafebabe,
    // CSRCs 1 and 2, RFC 8285 one-byte extension (0xBEDE, 1 word), payload "abc" + 1 byte of padding count 2.
    private static readonly byte[] Full = Convert.FromHexString(
        "B2E01234DECAFBADCAFEBABE" + "00000001" + "00000002" + "BEDE0001" + "10FF0000" + "616263" + "0002");

    [Fact]
    public void TryRead_Rfc3550Section5_1_AllFieldsRead()
    {
        Assert.True(RtpHeader.TryRead(Full, out var header, out var headerLength));
        Assert.Equal(12 + 8 + 8, headerLength);
        Assert.Equal(headerLength, header.HeaderLength);
        Assert.Equal(2, header.Version);
        Assert.True(header.HasPadding);
        Assert.True(header.HasExtension);
        Assert.Equal(2, header.CsrcCount);
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0xDECAFBADu, header.Timestamp);
        Assert.Equal(0xCAFEBABEu, header.Ssrc);
        Assert.Equal(1u, header.GetCsrc(0));
        Assert.Equal(2u, header.GetCsrc(1));
        Assert.Equal(8, header.CsrcBytes.Length);
        Assert.Equal(0xBEDE, header.ExtensionProfile);
        Assert.Equal(Convert.FromHexString("10FF0000"), header.ExtensionData.ToArray());
        Assert.Equal(5, header.Payload.Length);
        Assert.True(header.TryGetPayloadWithoutPadding(out var payload));
        Assert.Equal("abc"u8.ToArray(), payload.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => { RtpHeader.TryRead(Full, out var h, out _); h.GetCsrc(2); });
    }

    [Fact]
    public void TryRead_EveryTruncation_FailsUntilHeaderComplete()
    {
        for (var length = 0; length < 28; length++)
        {
            Assert.False(RtpHeader.TryRead(Full.AsSpan(0, length), out _, out var headerLength));
            Assert.Equal(0, headerLength);
        }

        Assert.True(RtpHeader.TryRead(Full.AsSpan(0, 28), out var header, out _));
        Assert.True(header.Payload.IsEmpty);
        Assert.False(header.TryGetPayloadWithoutPadding(out _)); // P set with no padding byte
    }

    [Theory]
    [InlineData("40001234DECAFBADCAFEBABE")] // version 1
    [InlineData("C0001234DECAFBADCAFEBABE")] // version 3
    [InlineData("8F001234DECAFBADCAFEBABE")] // 15 CSRCs announced, none present
    [InlineData("90001234DECAFBADCAFEBABEBEDE0002")] // extension of 2 words, absent
    public void TryRead_InvalidHeader_Fails(string hex) => Assert.False(RtpHeader.TryRead(Convert.FromHexString(hex), out _, out _));

    [Theory]
    [InlineData("A0001234DECAFBADCAFEBABE616200")] // padding count 0
    [InlineData("A0001234DECAFBADCAFEBABE616205")] // padding count longer than the payload
    public void TryGetPayloadWithoutPadding_BadPadding_Fails(string hex)
    {
        Assert.True(RtpHeader.TryRead(Convert.FromHexString(hex), out var header, out _));
        Assert.False(header.TryGetPayloadWithoutPadding(out _));
    }

    [Fact]
    public void Setters_RewriteRelayFields_OthersUntouched()
    {
        var packet = Full.ToArray();
        Assert.True(RtpHeader.TrySetSsrc(packet, 0x01020304));
        Assert.True(RtpHeader.TrySetSequenceNumber(packet, 0xFFFE));
        Assert.True(RtpHeader.TrySetTimestamp(packet, 7));
        Assert.True(RtpHeader.TrySetPayloadType(packet, 0));
        Assert.True(RtpHeader.TrySetMarker(packet, false));
        Assert.False(RtpHeader.TrySetPayloadType(packet, 128));
        Assert.True(RtpHeader.TryRead(packet, out var header, out _));
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(0xFFFE, header.SequenceNumber);
        Assert.Equal(7u, header.Timestamp);
        Assert.Equal(0, header.PayloadType);
        Assert.False(header.Marker);
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(Full[12..], packet[12..]);
        Assert.True(RtpHeader.TrySetMarker(packet, true));
        Assert.True(RtpHeader.TryRead(packet, out header, out _));
        Assert.True(header.Marker);
        Assert.Equal(0, header.PayloadType);
        Assert.False(RtpHeader.TrySetSsrc(new byte[11], 1));
        Assert.False(RtpHeader.TrySetMarker(new byte[11], true));
    }

    [Fact]
    public void TryWrite_FixedHeader_ReadsBack()
    {
        var buffer = new byte[12];
        Assert.True(RtpHeader.TryWrite(buffer, true, 111, 65535, 0xFFFFFFFF, 42, out var written));
        Assert.Equal(12, written);
        Assert.True(RtpHeader.TryRead(buffer, out var header, out _));
        Assert.True(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(42u, header.Ssrc);
        Assert.False(RtpHeader.TryWrite(new byte[11], false, 0, 0, 0, 0, out written));
        Assert.Equal(0, written);
    }
}

using FsCheck.Xunit;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// Arbitrary datagrams fed straight into the legs' handling (as the receive loop does): nothing throws, nothing
/// unauthenticated is forwarded by a secure leg, and the plain leg forwards only what classifies as RTP/RTCP.
/// </summary>
public sealed class UdpMediaLegFuzzTests : IClassFixture<LegFuzzFixture>
{
    private readonly LegFuzzFixture _legs;

    public UdpMediaLegFuzzTests(LegFuzzFixture legs) => _legs = legs;

    [Property(MaxTest = 1000)]
    public void OnDatagram_RandomBytes_NeverThrowsSecureLegsNeverForward(byte[] data) => Feed(data);

    [Property(MaxTest = 1000)]
    public void OnDatagram_RandomBytesBehindEachFirstByteClass_NeverThrowsSecureLegsNeverForward(byte[] data, byte first)
    {
        // Steer the first byte into each RFC 7983 range so that every branch (STUN, DTLS, RTP, RTCP) is reached.
        byte[] firsts = [0x00, 0x01, 22, 23, 0x80, 0x90, 0xA0];
        var packet = new byte[Math.Max(data.Length, 24)];
        data.CopyTo(packet, 0);
        packet[0] = firsts[first % firsts.Length];
        if (first % 3 == 0 && packet.Length > 1) packet[1] = (byte)(200 + (first % 8)); // an RTCP packet type
        if (packet[0] <= 1)
        {
            packet[4] = 0x21; packet[5] = 0x12; packet[6] = 0xA4; packet[7] = 0x42; // STUN magic cookie
        }

        Feed(packet);
    }

    private void Feed(byte[] data)
    {
        var buffer = new byte[MediaLegLimits.BufferSize];
        var length = Math.Min(data.Length, MediaLegLimits.MaxDatagram + 1);
        foreach (var leg in new[] { _legs.Plain, _legs.Sdes, _legs.WebRtc })
        {
            data.AsSpan(0, length).CopyTo(buffer);
            var before = leg.GetStatistics();
            leg.OnDatagram(leg.RtpSocket, buffer, length);
            var after = leg.GetStatistics();
            Assert.True(after.PacketsReceived + after.Errors - before.PacketsReceived - before.Errors <= 1);
        }

        Assert.Equal(0, _legs.SdesPeer.Sent);
        Assert.Equal(0, _legs.WebRtcPeer.Sent);
        Assert.Equal(_legs.Plain.GetStatistics().PacketsReceived, _legs.PlainPeer.Sent);
    }
}

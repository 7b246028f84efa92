using System.Buffers.Binary;
using System.Text;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Gateway.Media.Tests.Relay.Legs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Tests.Relay.Bundle;

/// <summary>Which bundled m-line a packet belongs to (RFC 8843 §9.2): SSRC, MID header extension (RFC 8285), payload type.</summary>
public sealed class MediaBundleDemuxTests : IAsyncDisposable
{
    private readonly UdpMediaLeg _transport = new(LegNet.Bind(), null, "bundle", TimeProvider.System, NullLogger.Instance);
    private readonly BundledMediaLeg _video;

    public MediaBundleDemuxTests() => _video = new BundledMediaLeg(_transport, "bundle/1");

    [Fact]
    public void ResolveRtp_AnnouncedSsrc_GoesToItsMLine()
    {
        var demux = Create(audioSsrcs: [10], videoSsrcs: [20, 21]);
        Assert.Equal(0, demux.ResolveRtp(Rtp(10, 96)));
        Assert.Equal(1, demux.ResolveRtp(Rtp(21, 111))); // the SSRC wins over the payload type
        Assert.Null(demux.Member(0));
        Assert.Same(_video, demux.Member(1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResolveRtp_MidExtension_ResolvesAndLearnsTheSsrc(bool twoByte)
    {
        var demux = Create(midExtension: 4);
        Assert.Equal(1, demux.ResolveRtp(Rtp(77, 0, mid: "1", twoByte: twoByte)));
        Assert.Equal(1, demux.ResolveRtp(Rtp(77, 0))); // learned: no extension needed any more
        Assert.Equal(0, demux.ResolveRtp(Rtp(78, 0, mid: "0", twoByte: twoByte)));
    }

    [Fact]
    public void ResolveRtp_UnknownMid_IsNotGuessedByPayloadType()
    {
        var demux = Create(midExtension: 4);
        Assert.Equal(MediaBundleDemux.Unknown, demux.ResolveRtp(Rtp(5, 111, mid: "9")));
        Assert.Equal(0, demux.ResolveRtp(Rtp(5, 111))); // nothing was learned from it
    }

    [Fact]
    public void ResolveRtp_PayloadType_OnlyWhenOneMLineHasIt()
    {
        var demux = Create(audioPayloadTypes: [111, 0, 101], videoPayloadTypes: [96, 97, 101]);
        Assert.Equal(0, demux.ResolveRtp(Rtp(1, 111)));
        Assert.Equal(1, demux.ResolveRtp(Rtp(2, 97)));
        Assert.Equal(MediaBundleDemux.Unknown, demux.ResolveRtp(Rtp(3, 101))); // in both m-lines
        Assert.Equal(MediaBundleDemux.Unknown, demux.ResolveRtp(Rtp(4, 50))); // in neither
        Assert.Equal(MediaBundleDemux.Unknown, demux.ResolveRtp(new byte[11]));
    }

    [Theory]
    [InlineData("extension length beyond the packet")]
    [InlineData("element beyond the extension")]
    [InlineData("reserved id 15")]
    [InlineData("extension header cut short")]
    public void ResolveRtp_MalformedHeaderExtension_FallsBackToThePayloadTypeWithoutThrowing(string damage)
    {
        var demux = Create(midExtension: 4);
        var packet = Rtp(90, 96, mid: "1");
        switch (damage)
        {
            case "extension length beyond the packet":
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 0xFFFF);
                break;
            case "element beyond the extension":
                packet[16] = 0x1F; // element 1 claims 16 bytes
                break;
            case "reserved id 15":
                packet[16] = 0xF0;
                break;
            default:
                packet = packet[..14]; // the X bit set, the extension header not all there
                break;
        }

        Assert.Equal(1, demux.ResolveRtp(packet)); // payload type 96 is the video m-line's only
    }

    [Fact]
    public void ResolveRtcp_SenderSsrcElseTheReportedOutboundSsrc()
    {
        var demux = Create(audioSsrcs: [10], videoSsrcs: [20]);
        demux.NoteOutbound(1, 0xB0B0);
        Assert.Equal(1, demux.ResolveRtcp(Rtcp(201, 20, 0x1234)));
        Assert.Equal(0, demux.ResolveRtcp(Rtcp(201, 10, 0xB0B0))); // the sender decides first
        Assert.Equal(1, demux.ResolveRtcp(Rtcp(206, 1, 0xB0B0))); // PLI from an unknown sender about the relay's video SSRC
        Assert.Equal(1, demux.ResolveRtcp(Rtcp(201, 1, 0xB0B0))); // RR from an unknown sender reporting on it
        Assert.Equal(MediaBundleDemux.Unknown, demux.ResolveRtcp(Rtcp(201, 1, 0xC0C0)));
    }

    [Fact]
    public void Rebuild_KeepsLearnedSsrcsOfMLinesStillBundled()
    {
        var demux = Create(audioPayloadTypes: [111], videoPayloadTypes: [96]);
        Assert.Equal(1, demux.ResolveRtp(Rtp(42, 96)));
        var next = new MediaBundleDemux(Bundle([], [], [], []), _transport, demux);
        Assert.Equal(1, next.ResolveRtp(Rtp(42, 0)));
    }

    public async ValueTask DisposeAsync()
    {
        await _video.DisposeAsync();
        await _transport.DisposeAsync();
    }

    private MediaBundleDemux Create(uint[]? audioSsrcs = null, uint[]? videoSsrcs = null, int[]? audioPayloadTypes = null, int[]? videoPayloadTypes = null, int midExtension = 0) =>
        new(Bundle(audioSsrcs ?? [], videoSsrcs ?? [], audioPayloadTypes ?? [111, 0], videoPayloadTypes ?? [96, 97], midExtension), _transport, null);

    private MediaLegBundle Bundle(uint[] audioSsrcs, uint[] videoSsrcs, int[] audioPayloadTypes, int[] videoPayloadTypes, int midExtension = 0) => new()
    {
        Members =
        [
            new MediaLegBundleMember { Leg = _transport, Mid = "0", Ssrcs = audioSsrcs, PayloadTypes = audioPayloadTypes },
            new MediaLegBundleMember { Leg = _video, Mid = "1", Ssrcs = videoSsrcs, PayloadTypes = videoPayloadTypes },
        ],
        MidExtensionId = midExtension,
    };

    /// <summary>An RTP packet; with <paramref name="mid"/>, a header extension with another element first, then the MID (id 4).</summary>
    private static byte[] Rtp(uint ssrc, int payloadType, string? mid = null, bool twoByte = false)
    {
        var elements = new List<byte>();
        if (mid is not null)
        {
            if (twoByte)
            {
                elements.AddRange([1, 2, 0xAA, 0xBB, 0, 4, (byte)mid.Length]); // element 1, a padding byte, then MID
            }
            else
            {
                elements.AddRange([0x11, 0xAA, 0xBB, 0, (byte)((4 << 4) | (mid.Length - 1))]); // element 1 (2 bytes), padding, MID
            }

            elements.AddRange(Encoding.ASCII.GetBytes(mid));
            while (elements.Count % 4 != 0) elements.Add(0);
        }

        var extension = mid is null ? 0 : 4 + elements.Count;
        var packet = new byte[12 + extension + 20];
        packet[0] = (byte)(mid is null ? 0x80 : 0x90);
        packet[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (mid is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), twoByte ? (ushort)0x1000 : (ushort)0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(elements.Count / 4));
            elements.CopyTo(packet, 16);
        }

        return packet;
    }

    /// <summary>An RR (one report block) or a feedback packet: sender SSRC, then the reported / media source SSRC.</summary>
    private static byte[] Rtcp(byte type, uint sender, uint about)
    {
        var packet = new byte[type == 201 ? 32 : 12];
        packet[0] = 0x81; // one report block; PLI (FMT 1)
        packet[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), about);
        return packet;
    }
}

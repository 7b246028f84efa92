using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Gateway.Media.Srtp;
using Gateway.Media.Tests.Relay.Legs;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Relay.Bundle;

/// <summary>
/// The BUNDLE packet path allocates nothing per packet: a party sends audio and video (SRTP) on one socket to a
/// bundle transport, which demultiplexes them to an audio and a video phone leg, and both phones answer through it.
/// </summary>
[Collection(nameof(LegAllocationGroup))]
public sealed class BundledLegAllocationTests
{
    private const int WarmUp = 500;
    private const int Measured = 3000;
    private const int Rounds = 3;
    private const long AllowedBytes = 64 * 1024;
    private const uint AudioSsrc = 0xA;
    private const uint VideoSsrc = 0xB;

    private readonly ITestOutputHelper _output;

    public BundledLegAllocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Forward_BundledAudioAndVideoBothWays_NoAllocationPerPacket()
    {
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, LegNet.ReceiveThreads);
        await using var transport = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "bundle/0");
        await using var video = (BundledMediaLeg)factory.CreateBundled(transport, "bundle/1");
        await using var audioPhoneLeg = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "phone/0");
        await using var videoPhoneLeg = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "phone/1");
        using var party = LegNet.Bind();
        using var audioPhone = LegNet.Bind();
        using var videoPhone = LegNet.Bind();
        var sdes = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);

        transport.Peer = audioPhoneLeg;
        audioPhoneLeg.Peer = transport;
        video.Peer = videoPhoneLeg;
        videoPhoneLeg.Peer = video;
        transport.Configure(new MediaLegSettings
        {
            Protocol = "RTP/SAVP",
            Security = MediaLegSecurity.Sdes,
            SdesInbound = sdes.PartyKey,
            SdesOutbound = sdes.RelayKey,
            RemoteRtp = party.EndPoint(),
            RtcpMux = true,
            Bundle = new MediaLegBundle
            {
                // Payload types only: the SSRCs are learned from the first packets.
                Members =
                [
                    new MediaLegBundleMember { Leg = transport, Mid = "0", PayloadTypes = [0] },
                    new MediaLegBundleMember { Leg = video, Mid = "1", PayloadTypes = [96] },
                ],
            },
        });
        video.Configure(new MediaLegSettings { Protocol = "RTP/SAVP", RtcpMux = true });
        audioPhoneLeg.Configure(LegPair.Plain(audioPhone, null));
        videoPhoneLeg.Configure(LegPair.Plain(videoPhone, null));
        foreach (var socket in new[] { party, audioPhone, videoPhone }) socket.ReceiveTimeout = 5000;

        using var protect = new SrtpContext(sdes.PartyKey.Profile, sdes.PartyKey.MasterKey.Span, sdes.PartyKey.MasterSalt.Span, SrtpDirection.Protect);
        using var unprotect = new SrtpContext(sdes.RelayKey.Profile, sdes.RelayKey.MasterKey.Span, sdes.RelayKey.MasterSalt.Span, SrtpDirection.Unprotect);
        var exchange = new Exchange(party, audioPhone, videoPhone, transport.LocalRtpEndPoint, audioPhoneLeg.LocalRtpEndPoint, videoPhoneLeg.LocalRtpEndPoint, protect, unprotect);
        var rounds = await AllocationRounds.MeasureAsync(exchange.Run, WarmUp, Rounds, Measured);

        var packets = 4 * Measured;
        var total = rounds.Min();
        _output.WriteLine($"bundle: {string.Join(", ", rounds)} bytes allocated per round of {packets} packets (best {(double)total / packets:0.###} B/packet)");
        Assert.True(total < AllowedBytes, $"{total} bytes allocated over {packets} packets");
        var expected = WarmUp + (Rounds * Measured);
        Assert.Equal(expected, transport.GetStatistics().PacketsReceived); // audio only: video is counted on its own leg
        Assert.Equal(expected, video.GetStatistics().PacketsReceived);
        Assert.Equal(expected, video.GetStatistics().PacketsSent);
        Assert.Equal(0, transport.GetStatistics().Errors);
    }

    /// <summary>Lock-step: party audio → audio phone, party video → video phone, then each phone back to the party.</summary>
    private sealed class Exchange(Socket party, Socket audioPhone, Socket videoPhone, IPEndPoint transport, IPEndPoint audioLeg, IPEndPoint videoLeg, SrtpContext protect, SrtpContext unprotect)
    {
        private readonly byte[] _send = new byte[MediaLegLimits.BufferSize];
        private readonly byte[] _receive = new byte[MediaLegLimits.BufferSize];
        private readonly SocketAddress _transport = transport.Serialize();
        private readonly SocketAddress _audioLeg = audioLeg.Serialize();
        private readonly SocketAddress _videoLeg = videoLeg.Serialize();

        public void Run(int firstSequence, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var sequence = (ushort)(firstSequence + i);
                FromParty(sequence, AudioSsrc, 0, audioPhone);
                FromParty(sequence, VideoSsrc, 96, videoPhone);
                ToParty(sequence, audioPhone, _audioLeg, 0xAA);
                ToParty(sequence, videoPhone, _videoLeg, 0xBB);
            }
        }

        private void FromParty(ushort sequence, uint ssrc, int payloadType, Socket phone)
        {
            var length = Write(_send, sequence, ssrc, payloadType);
            if (!protect.TryProtectRtp(_send, length, out length)) throw new InvalidOperationException("protect");
            party.SendTo(_send.AsSpan(0, length), SocketFlags.None, _transport);
            var received = phone.Receive(_receive, SocketFlags.None);
            if (received != 172 || BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(8)) != ssrc) throw new InvalidOperationException("party → phone");
        }

        private void ToParty(ushort sequence, Socket phone, SocketAddress leg, uint ssrc)
        {
            var length = Write(_send, sequence, ssrc, 0);
            phone.SendTo(_send.AsSpan(0, length), SocketFlags.None, leg);
            var received = party.Receive(_receive, SocketFlags.None);
            if (!unprotect.TryUnprotectRtp(_receive, received, out received)) throw new InvalidOperationException("unprotect");
            if (received != 172 || BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(8)) != ssrc) throw new InvalidOperationException("phone → party");
        }

        private static int Write(Span<byte> buffer, ushort sequence, uint ssrc, int payloadType)
        {
            buffer[0] = 0x80;
            buffer[1] = (byte)payloadType;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequence);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], sequence * 160u);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
            buffer.Slice(12, 160).Fill((byte)sequence);
            return 172;
        }
    }
}

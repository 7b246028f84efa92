using System.Buffers.Binary;
using System.Net.Sockets;
using Gateway.Media.Relay;
using Gateway.Media.Srtp;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// The packet path allocates nothing per packet: thousands of packets go through two bridged legs (receive loop,
/// classification, SRTP unprotect/protect, forwarding, counters) while the process-wide allocation counter barely
/// moves. The test side uses allocation-free socket calls too, so what is measured is the legs.
/// </summary>
[Collection(nameof(LegAllocationGroup))]
public sealed class UdpMediaLegAllocationTests
{
    private const int WarmUp = 500;
    private const int Measured = 5000;
    private const int Rounds = 3;

    /// <summary>Slack for the runtime's own background work during the measurement (timers, tiered JIT).</summary>
    private const long AllowedBytes = 64 * 1024;

    private readonly ITestOutputHelper _output;

    public UdpMediaLegAllocationTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forward_ThousandsOfPacketsBothWays_NoAllocationPerPacket(bool sdes)
    {
        await using var pair = LegPair.Create();
        var party = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);
        pair.LegA.Configure(sdes ? party.Settings(pair) : LegPair.Plain(pair.ClientA, null));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));
        using var partyProtect = new SrtpContext(party.PartyKey.Profile, party.PartyKey.MasterKey.Span, party.PartyKey.MasterSalt.Span, SrtpDirection.Protect);
        using var partyUnprotect = new SrtpContext(party.RelayKey.Profile, party.RelayKey.MasterKey.Span, party.RelayKey.MasterSalt.Span, SrtpDirection.Unprotect);
        pair.ClientA.ReceiveTimeout = 5000;
        pair.ClientB.ReceiveTimeout = 5000;

        var exchange = new Exchange(pair, sdes ? partyProtect : null, sdes ? partyUnprotect : null);
        var rounds = await AllocationRounds.MeasureAsync(exchange.Run, WarmUp, Rounds, Measured);

        // The counter is process-wide: a round can catch the runtime's (or a previous test's) background work, so
        // the quietest round is the legs' figure.
        var packets = 2 * Measured;
        var total = rounds.Min();
        _output.WriteLine($"{(sdes ? "SDES⇄plain" : "plain⇄plain")}: {string.Join(", ", rounds)} bytes allocated per round of {packets} packets (best {(double)total / packets:0.###} B/packet)");
        Assert.True(total < AllowedBytes, $"{total} bytes allocated over {packets} packets");
        Assert.Equal(WarmUp + (Rounds * Measured), pair.LegA.GetStatistics().PacketsReceived);
        Assert.Equal(0, pair.LegA.GetStatistics().Errors);
    }

    /// <summary>Lock-step exchange: A → B then B → A, on preallocated buffers and cached socket addresses.</summary>
    private sealed class Exchange(LegPair pair, SrtpContext? protect, SrtpContext? unprotect)
    {
        private readonly byte[] _send = new byte[MediaLegLimits.BufferSize];
        private readonly byte[] _receive = new byte[MediaLegLimits.BufferSize];
        private readonly System.Net.SocketAddress _legA = pair.LegA.LocalRtpEndPoint.Serialize();
        private readonly System.Net.SocketAddress _legB = pair.LegB.LocalRtpEndPoint.Serialize();

        public void Run(int firstSequence, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var sequence = (ushort)(firstSequence + i);
                var length = Write(_send, sequence, 0xA);
                if (protect is not null && !protect.TryProtectRtp(_send, length, out length)) throw new InvalidOperationException("protect");
                pair.ClientA.SendTo(_send.AsSpan(0, length), SocketFlags.None, _legA);
                var received = pair.ClientB.Receive(_receive, SocketFlags.None);
                if (received != 172 || BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(2)) != sequence) throw new InvalidOperationException("A → B");

                length = Write(_send, sequence, 0xB);
                pair.ClientB.SendTo(_send.AsSpan(0, length), SocketFlags.None, _legB);
                received = pair.ClientA.Receive(_receive, SocketFlags.None);
                if (unprotect is not null && !unprotect.TryUnprotectRtp(_receive, received, out received)) throw new InvalidOperationException("unprotect");
                if (received != 172 || BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(2)) != sequence) throw new InvalidOperationException("B → A");
            }
        }

        private static int Write(Span<byte> buffer, ushort sequence, uint ssrc)
        {
            buffer[0] = 0x80;
            buffer[1] = 0x00;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequence);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], sequence * 160u);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
            buffer.Slice(12, 160).Fill((byte)sequence);
            return 172;
        }
    }
}

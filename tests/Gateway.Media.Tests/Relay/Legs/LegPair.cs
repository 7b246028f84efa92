using System.Net;
using System.Net.Sockets;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// Two legs bridged to each other (A ⇄ B), each facing a client socket pair on loopback that plays the party:
/// <see cref="ClientA"/> talks to <see cref="LegA"/>, <see cref="ClientB"/> to <see cref="LegB"/>.
/// </summary>
internal sealed class LegPair : IAsyncDisposable
{
    private LegPair(UdpMediaLeg a, UdpMediaLeg b, bool separateRtcp)
    {
        LegA = a;
        LegB = b;
        a.Peer = b;
        b.Peer = a;
        if (separateRtcp)
        {
            ClientARtcp = LegNet.Bind();
            ClientBRtcp = LegNet.Bind();
        }
    }

    public UdpMediaLeg LegA { get; }

    public UdpMediaLeg LegB { get; }

    public Socket ClientA { get; } = LegNet.Bind();

    public Socket ClientB { get; } = LegNet.Bind();

    public Socket? ClientARtcp { get; }

    public Socket? ClientBRtcp { get; }

    /// <summary>
    /// Creates two legs through the factory; with <paramref name="separateRtcp"/>, each leg gets an RTCP socket too;
    /// their sockets are read by the shared receive threads, or with <paramref name="asyncLoops"/> by async loops.
    /// </summary>
    public static LegPair Create(bool separateRtcp = false, TimeProvider? timeProvider = null, bool asyncLoops = false)
    {
        var factory = new UdpMediaLegFactory(timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance, asyncLoops ? null : LegNet.ReceiveThreads);
        var a = (UdpMediaLeg)factory.Create(LegNet.Bind(), separateRtcp ? LegNet.Bind() : null, "A");
        var b = (UdpMediaLeg)factory.Create(LegNet.Bind(), separateRtcp ? LegNet.Bind() : null, "B");
        return new LegPair(a, b, separateRtcp);
    }

    /// <summary>Plain settings toward a client (its socket(s) as the SDP address).</summary>
    public static MediaLegSettings Plain(Socket client, Socket? clientRtcp) => new()
    {
        Protocol = "RTP/AVP",
        RemoteRtp = client.EndPoint(),
        RemoteRtcp = clientRtcp?.EndPoint(),
        RtcpMux = clientRtcp is null,
    };

    public void ConfigurePlain()
    {
        LegA.Configure(Plain(ClientA, ClientARtcp));
        LegB.Configure(Plain(ClientB, ClientBRtcp));
    }

    public async ValueTask DisposeAsync()
    {
        await LegA.DisposeAsync();
        await LegB.DisposeAsync();
        ClientA.Dispose();
        ClientB.Dispose();
        ClientARtcp?.Dispose();
        ClientBRtcp?.Dispose();
    }
}

using System.Net.Sockets;
using Gateway.Media.Relay;

namespace Gateway.Media.Tests.Relay;

/// <summary>Creates <see cref="FakeMediaLeg"/>s and keeps them, in creation order.</summary>
internal sealed class FakeMediaLegFactory : IMediaLegFactory
{
    public List<FakeMediaLeg> Legs { get; } = [];

    public IMediaLeg Create(Socket rtp, Socket? rtcp, string label)
    {
        var leg = new FakeMediaLeg(rtp, rtcp, label);
        Legs.Add(leg);
        return leg;
    }

    /// <summary>Legs bundled on another leg's transport, in creation order (not in <see cref="Legs"/>).</summary>
    public List<FakeMediaLeg> Bundled { get; } = [];

    public IMediaLeg CreateBundled(IMediaLeg transport, string label)
    {
        var leg = new FakeMediaLeg((FakeMediaLeg)transport, label);
        Bundled.Add(leg);
        return leg;
    }

    /// <summary>The leg whose RTP socket is bound to <paramref name="port"/>.</summary>
    public FakeMediaLeg ByPort(int port) => Legs.Single(l => l.LocalRtpEndPoint.Port == port && !l.Disposed);
}

using System.Net;
using System.Net.Sockets;
using Gateway.Media.Relay;

namespace Gateway.Media.Tests.Relay;

/// <summary>A leg that records what the session layer asks of it; its counters are set by the test.</summary>
internal sealed class FakeMediaLeg : IMediaLeg
{
    private readonly Socket? _rtp;
    private readonly Socket? _rtcp;

    public FakeMediaLeg(Socket rtp, Socket? rtcp, string label)
    {
        _rtp = rtp;
        _rtcp = rtcp;
        Label = label;
        LocalRtpEndPoint = (IPEndPoint)rtp.LocalEndPoint!;
        LocalRtcpEndPoint = (IPEndPoint?)rtcp?.LocalEndPoint;
    }

    /// <summary>A fake leg bundled on <paramref name="transport"/> (no sockets of its own).</summary>
    public FakeMediaLeg(FakeMediaLeg transport, string label)
    {
        _rtp = null;
        _rtcp = null;
        Transport = transport;
        Label = label;
        LocalRtpEndPoint = transport.LocalRtpEndPoint;
    }

    public string Label { get; }

    /// <summary>For a bundled leg: the leg whose transport it shares.</summary>
    public FakeMediaLeg? Transport { get; }

    public IPEndPoint LocalRtpEndPoint { get; }

    public IPEndPoint? LocalRtcpEndPoint { get; }

    public IMediaLeg? Peer { get; set; }

    public List<MediaLegSettings> Configured { get; } = [];

    public MediaLegSettings? Current => Configured.Count > 0 ? Configured[^1] : null;

    public MediaLegStatistics Statistics { get; set; }

    public bool Disposed { get; private set; }

    public void Configure(MediaLegSettings settings) => Configured.Add(settings);

    public void Send(Span<byte> buffer, int length, bool isRtcp)
    {
    }

    public MediaLegStatistics GetStatistics() => Statistics;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _rtp?.Dispose();
        _rtcp?.Dispose();
        return ValueTask.CompletedTask;
    }
}

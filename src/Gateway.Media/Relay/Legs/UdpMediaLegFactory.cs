using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>Creates <see cref="UdpMediaLeg"/>s (the session layer registers this as its <see cref="IMediaLegFactory"/>).</summary>
internal sealed class UdpMediaLegFactory : IMediaLegFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MediaReceiveThreads? _receiveThreads;

    /// <summary>Creates the factory.</summary>
    /// <param name="timeProvider">The clock of every leg (latching, last packet time, ICE consent, DTLS timeout).</param>
    /// <param name="loggerFactory">The loggers' source.</param>
    /// <param name="receiveThreads">The relay's dedicated receive threads; null = an async receive loop per socket.</param>
    public UdpMediaLegFactory(TimeProvider timeProvider, ILoggerFactory loggerFactory, MediaReceiveThreads? receiveThreads = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<UdpMediaLeg>();
        _receiveThreads = receiveThreads;
    }

    /// <inheritdoc/>
    public IMediaLeg Create(Socket rtp, Socket? rtcp, string label)
    {
        var leg = new UdpMediaLeg(rtp, rtcp, label, _timeProvider, _logger, _receiveThreads);
        leg.Start();
        return leg;
    }

    /// <inheritdoc/>
    public IMediaLeg CreateBundled(IMediaLeg transport, string label)
    {
        if (transport is not UdpMediaLeg udp) throw new ArgumentException("The transport must be a leg of this factory.", nameof(transport));
        return new BundledMediaLeg(udp, label);
    }
}

using System.Net;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// The leg of an m-line bundled onto another leg's transport (RFC 8843): it has no socket, ICE, DTLS or keys of its
/// own. The transport (<see cref="UdpMediaLeg"/>) demultiplexes what the party sends and hands this m-line's packets
/// to <see cref="OnReceived"/>, which forwards them to <see cref="Peer"/>; <see cref="Send"/> goes out through the
/// transport (its outbound keys, its socket, the party's nominated address). The counters are this m-line's own: the
/// transport does not count them again.
/// </summary>
internal sealed class BundledMediaLeg : IMediaLeg
{
    private readonly UdpMediaLeg _transport;
    private MediaLegSettings? _settings;
    private IMediaLeg? _peer;
    private int _disposed;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _packetsSent;
    private long _bytesSent;
    private long _lastPacketTicks;

    /// <summary>Creates the leg of a bundled m-line on <paramref name="transport"/>.</summary>
    /// <param name="transport">The leg whose socket carries the bundle.</param>
    /// <param name="label">A label for logs.</param>
    public BundledMediaLeg(UdpMediaLeg transport, string label)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(label);
        _transport = transport;
        Label = label;
    }

    /// <summary>The label for logs.</summary>
    public string Label { get; }

    /// <summary>The leg whose transport this m-line shares.</summary>
    public UdpMediaLeg Transport => _transport;

    /// <inheritdoc/>
    public IPEndPoint LocalRtpEndPoint => _transport.LocalRtpEndPoint;

    /// <inheritdoc/>
    public IPEndPoint? LocalRtcpEndPoint => null;

    /// <inheritdoc/>
    public IMediaLeg? Peer
    {
        get => Volatile.Read(ref _peer);
        set => Volatile.Write(ref _peer, value);
    }

    /// <summary>Whether <see cref="DisposeAsync"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Takes the m-line's settings. Only <see cref="MediaLegSettings.ForwardingDisabled"/> and the protocol matter
    /// here: the transport's settings decide ICE, DTLS, keys and addresses for every bundled m-line.
    /// </summary>
    /// <param name="settings">The settings.</param>
    public void Configure(MediaLegSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Volatile.Write(ref _settings, settings);
    }

    /// <inheritdoc/>
    public void Send(Span<byte> buffer, int length, bool isRtcp)
    {
        if (IsDisposed) return;
        _transport.SendBundled(buffer, length, isRtcp, this);
    }

    /// <inheritdoc/>
    public MediaLegStatistics GetStatistics()
    {
        var transport = _transport.GetStatistics();
        var last = Volatile.Read(ref _lastPacketTicks);
        return new MediaLegStatistics(
            transport.RemoteEndPoint,
            transport.Latched,
            Volatile.Read(ref _packetsReceived),
            Volatile.Read(ref _bytesReceived),
            Volatile.Read(ref _packetsSent),
            Volatile.Read(ref _bytesSent),
            0,
            last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero),
            transport.IceConnected,
            transport.DtlsConnected);
    }

    /// <summary>Stops forwarding and sending; the transport keeps running for the other m-lines. Idempotent.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Volatile.Write(ref _peer, null);
        return ValueTask.CompletedTask;
    }

    /// <summary>A packet of this m-line the transport received and decrypted: counted, then forwarded unless on hold.</summary>
    /// <param name="buffer">The packet at offset 0 with <see cref="MediaLegLimits.ProtectOverhead"/> spare bytes after it.</param>
    /// <param name="length">The plain length.</param>
    /// <param name="wireLength">The length as received (counted).</param>
    /// <param name="isRtcp">Whether it is RTCP.</param>
    /// <param name="nowTicks">The receive time in UTC ticks.</param>
    internal void OnReceived(Span<byte> buffer, int length, int wireLength, bool isRtcp, long nowTicks)
    {
        if (IsDisposed) return;
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, wireLength);
        Volatile.Write(ref _lastPacketTicks, nowTicks);
        if (Volatile.Read(ref _settings) is not { ForwardingDisabled: false }) return;
        Volatile.Read(ref _peer)?.Send(buffer, length, isRtcp);
    }

    /// <summary>Counts a datagram the transport sent for this m-line.</summary>
    /// <param name="bytes">Its length on the wire.</param>
    internal void CountSent(int bytes)
    {
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }
}

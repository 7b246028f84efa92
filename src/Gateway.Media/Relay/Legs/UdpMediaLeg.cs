using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Rtp;
using Gateway.Media.Srtp;
using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// The packet path of one leg over UDP sockets: every datagram a socket receives (on the relay's receive threads, see
/// <see cref="MediaLegSocket"/>) is demultiplexed by its first byte (RFC 7983 §7) into STUN (answered by ICE-lite),
/// DTLS (fed to the leg's DTLS-SRTP handshake) and RTP/RTCP (authenticated and decrypted on secure legs, then handed
/// to <see cref="Peer"/>); <see cref="Send"/> protects and sends what the peer leg received.
/// </summary>
/// <remarks>
/// <para><b>Threads.</b> Configuration is one immutable <see cref="MediaLegState"/> and the remote address one immutable
/// <see cref="MediaLegRemote"/>, each read with one volatile load per packet and replaced as a whole (configuration
/// under a control-path lock; latching by compare-and-swap). The only lock on the packet path is the one around each
/// single-threaded <see cref="SrtpContext"/> (see <see cref="MediaLegSrtp"/>).</para>
/// <para><b>Latching</b> (where the relay sends):</para>
/// <list type="bullet">
/// <item>ICE legs send only to the endpoint the party nominated (USE-CANDIDATE) on each component, and accept DTLS and
/// media only from it; a later nomination moves it. Nothing is sent before a nomination or after consent expired
/// (RFC 7675).</item>
/// <item>Without ICE, the SDP address (<see cref="MediaLegSettings.RemoteRtp"/>) is used until the party's traffic
/// latches its real address: the first packet on plain legs, the first packet that authenticates on SRTP legs (so a
/// spoofed packet neither reaches the peer nor moves the address).</item>
/// <item>Re-latching: during the <see cref="LearningPeriod"/> (3 s) after the first latch, a packet (authenticated on
/// SRTP legs) from a new source moves the address, as rtpengine's default delayed endpoint learning does, so early
/// media from another address or a NAT binding that changes during call set-up is followed. After that the address
/// is fixed: packets from other sources are still forwarded (unless strict-source) but do not move it. A re-offer
/// that changes the SDP address starts over.</item>
/// <item><see cref="MediaLegSettings.Latch"/> false (rtpengine's asymmetric): always send to the SDP address.</item>
/// <item><see cref="MediaLegSettings.StrictSource"/>: packets from any source but the latched address (or, when not
/// latching, the SDP address) are dropped; before anything is latched the first packet latches; no re-latching.</item>
/// <item>Non-muxed RTCP goes to the address latched from RTCP on the RTCP socket, else the SDP's a=rtcp, else the RTP
/// address with port + 1.</item>
/// </list>
/// <para><b>Counters.</b> Received/sent count RTP and RTCP only (not STUN or DTLS), in wire bytes; received counts
/// packets accepted from the party (authenticated, from an accepted source), whether or not forwarding is disabled;
/// sent counts datagrams handed to the socket. <see cref="MediaLegStatistics.Errors"/> is the sum of the drop
/// counters exposed here.</para>
/// <para><b>Not supported.</b> DTLS on a separate RTCP socket (a second DTLS association for component 2): DTLS legs
/// must mux RTCP (as WebRTC does); SRTCP that arrives on the RTCP socket of a DTLS leg is unprotected with the RTP
/// component's keys, so it only works with peers that share them.</para>
/// <para><b>BUNDLE</b> (RFC 8843). A leg whose settings carry a <see cref="MediaLegSettings.Bundle"/> of several m-lines
/// is their shared transport: one ICE agent, one DTLS handshake, one pair of SRTP contexts (they keep per-SSRC state).
/// Each authenticated RTP packet goes to the m-line <see cref="MediaBundleDemux"/> resolves (SSRC, MID header
/// extension, payload type) — its own m-line's peer, or a <see cref="BundledMediaLeg"/> that forwards to its own peer
/// and counts it; packets no m-line claims are counted in <see cref="UnknownSsrc"/> and dropped. Compound RTCP is
/// split by the m-line each of its packets belongs to (unattributable ones go to the first m-line). Bundled legs send
/// through <see cref="SendBundled"/>: this leg's keys, socket and remote address, their own counters.</para>
/// </remarks>
internal sealed class UdpMediaLeg : IMediaLeg, IDtlsPacketChannel
{
    /// <summary>How long after the first latch a new source can still move the latched address (non-strict legs).</summary>
    public static readonly TimeSpan LearningPeriod = TimeSpan.FromSeconds(3);

    /// <summary>Room for a STUN response (the ICE-lite agent's answers stay well below).</summary>
    private const int StunResponseSize = 512;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MediaReceiveThreads? _receiveThreads;
    private readonly MediaLegSocket _rtp;
    private readonly MediaLegSocket? _rtcp;
    private readonly Lock _configureLock = new();
    private MediaLegState _state = MediaLegState.Unconfigured;
    private MediaLegRemote _remote = MediaLegRemote.Empty;
    private IMediaLeg? _peer;
    private int _disposed;

    private long _packetsReceived;
    private long _bytesReceived;
    private long _packetsSent;
    private long _bytesSent;
    private long _lastPacketTicks;
    private long _authenticationFailures;
    private long _replays;
    private long _wrongSource;
    private long _undecodable;
    private long _notReady;
    private long _sendFailures;
    private long _dtlsFailures;
    private long _unknownSsrc;

    /// <summary>Creates a leg over bound sockets; <see cref="Start"/> starts receiving.</summary>
    /// <param name="rtp">The bound RTP socket (owned by the leg from now on).</param>
    /// <param name="rtcp">The bound RTCP socket, or null.</param>
    /// <param name="label">A label for logs.</param>
    /// <param name="timeProvider">The clock (latching, last packet time, ICE consent, DTLS timeout).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="receiveThreads">The relay's dedicated receive threads; null (or none running) = an async loop per socket.</param>
    public UdpMediaLeg(Socket rtp, Socket? rtcp, string label, TimeProvider timeProvider, ILogger logger, MediaReceiveThreads? receiveThreads = null)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        CheckSocket(rtp, nameof(rtp));
        if (rtcp is not null) CheckSocket(rtcp, nameof(rtcp));
        Label = label;
        _timeProvider = timeProvider;
        _logger = logger;
        _receiveThreads = receiveThreads;
        _rtp = new MediaLegSocket(this, rtp, isRtcp: false);
        _rtcp = rtcp is null ? null : new MediaLegSocket(this, rtcp, isRtcp: true);
    }

    /// <summary>The label for logs.</summary>
    public string Label { get; }

    /// <inheritdoc/>
    public IPEndPoint LocalRtpEndPoint => _rtp.LocalEndPoint;

    /// <inheritdoc/>
    public IPEndPoint? LocalRtcpEndPoint => _rtcp?.LocalEndPoint;

    /// <inheritdoc/>
    public IMediaLeg? Peer
    {
        get => Volatile.Read(ref _peer);
        set => Volatile.Write(ref _peer, value);
    }

    /// <summary>Whether <see cref="DisposeAsync"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>The leg's logger (its sockets log through it).</summary>
    internal ILogger Logger => _logger;

    /// <summary>SRTP/SRTCP packets that failed authentication (dropped, never forwarded or latched).</summary>
    public long AuthenticationFailures => Volatile.Read(ref _authenticationFailures);

    /// <summary>SRTP/SRTCP packets refused as replays or too old for the replay window.</summary>
    public long Replays => Volatile.Read(ref _replays);

    /// <summary>Packets dropped because of their source (strict-source, or not the ICE-nominated address).</summary>
    public long WrongSource => Volatile.Read(ref _wrongSource);

    /// <summary>Datagrams that are none of STUN/DTLS/RTP/RTCP, too long, malformed, or not expected on this leg or socket.</summary>
    public long Undecodable => Volatile.Read(ref _undecodable);

    /// <summary>Packets dropped because the leg was not ready: not configured, no keys yet, no remote address yet, consent expired.</summary>
    public long NotReady => Volatile.Read(ref _notReady);

    /// <summary>Sends the socket refused.</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures);

    /// <summary>DTLS handshakes that failed (wrong fingerprint, timeout, no common profile, …).</summary>
    public long DtlsFailures => Volatile.Read(ref _dtlsFailures);

    /// <summary>On a BUNDLE transport: authenticated RTP packets no bundled m-line claims (unknown SSRC, MID and payload type), dropped.</summary>
    public long UnknownSsrc => Volatile.Read(ref _unknownSsrc);

    /// <summary>The RTP socket's loop (tests feed it datagrams directly).</summary>
    internal MediaLegSocket RtpSocket => _rtp;

    /// <summary>The DTLS handshake in force, if any (tests and diagnostics).</summary>
    internal DtlsSrtpHandshake? DtlsHandshake => Volatile.Read(ref _state).Dtls?.Handshake;

    /// <summary>Starts receiving: on the relay's receive threads when there are, else in an async loop per socket.</summary>
    public void Start()
    {
        _rtp.Start(_receiveThreads);
        _rtcp?.Start(_receiveThreads, _rtp);
    }

    /// <inheritdoc/>
    public void Configure(MediaLegSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        var disposeLater = new List<IDisposable>(4);
        MediaLegDtls? startDtls = null;
        lock (_configureLock)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            var old = _state;
            var bundle = settings.Bundle is { Members.Count: > 1 } members ? new MediaBundleDemux(members, this, old.Bundle) : null;

            // ICE: same credentials keep the agents; new ones restart them (RFC 8445 §9).
            MediaLegIce? ice = null;
            var iceRecreated = false;
            var wantRtcpComponent = _rtcp is not null && !settings.RtcpMux;
            if (settings.LocalIce is { } localIce && settings.RemoteIce is { } remoteIce)
            {
                if (old.Ice is { } oldIce && oldIce.HasShape(wantRtcpComponent))
                {
                    if (oldIce.Local != localIce || oldIce.Remote != remoteIce)
                    {
                        oldIce.Restart(localIce, remoteIce);
                        MediaLegLog.IceRestart(_logger, Label);
                    }

                    ice = oldIce;
                }
                else
                {
                    ice = MediaLegIce.Create(localIce, remoteIce, wantRtcpComponent, _timeProvider);
                    iceRecreated = true;
                    if (old.Ice is not null) disposeLater.Add(old.Ice);
                }
            }
            else if (old.Ice is not null)
            {
                disposeLater.Add(old.Ice);
            }

            // Keys: SDES contexts are kept per direction while their key is unchanged; a DTLS handshake is kept while
            // role, certificate and fingerprints are, and a new one keeps the previous keys until it yields new ones.
            MediaLegDtls? dtls = null;
            MediaLegSrtp? inbound = null, outbound = null;
            var oldSecurity = old.Settings?.Security ?? MediaLegSecurity.None;
            switch (settings.Security)
            {
                case MediaLegSecurity.Sdes:
                    inbound = oldSecurity == MediaLegSecurity.Sdes && old.Inbound is { } oldIn && oldIn.IsSameKey(settings.SdesInbound)
                        ? oldIn : CreateSdes(settings.SdesInbound!, SrtpDirection.Unprotect);
                    outbound = oldSecurity == MediaLegSecurity.Sdes && old.Outbound is { } oldOut && oldOut.IsSameKey(settings.SdesOutbound)
                        ? oldOut : CreateSdes(settings.SdesOutbound!, SrtpDirection.Protect);
                    break;
                case MediaLegSecurity.Dtls:
                    if (old.Dtls is { } oldDtls && oldDtls.Fits(settings))
                    {
                        dtls = oldDtls;
                    }
                    else
                    {
                        dtls = new MediaLegDtls(settings, this, _timeProvider);
                        startDtls = dtls;
                    }

                    if (oldSecurity == MediaLegSecurity.Dtls)
                    {
                        inbound = old.Inbound;
                        outbound = old.Outbound;
                    }

                    break;
            }

            if (old.Dtls is not null && !ReferenceEquals(old.Dtls, dtls)) disposeLater.Add(old.Dtls);
            if (old.Inbound is not null && !ReferenceEquals(old.Inbound, inbound)) disposeLater.Add(old.Inbound);
            if (old.Outbound is not null && !ReferenceEquals(old.Outbound, outbound)) disposeLater.Add(old.Outbound);

            var settingsRtp = settings.RemoteRtp is { } rtp ? MediaLegEndPoint.Create(rtp, _rtp.Socket.AddressFamily) : null;
            var settingsRtcp = settings.RemoteRtcp is { } rtcp ? MediaLegEndPoint.Create(rtcp, RtcpSendSocket.Socket.AddressFamily) : null;

            // The remote address starts over when what decides it changed; otherwise latching survives the re-offer.
            var oldSettings = old.Settings;
            if (ice is not null)
            {
                if (iceRecreated || oldSettings is null)
                {
                    Volatile.Write(ref _remote, new MediaLegRemote { Rtcp = ice.Rtcp is null && !settings.RtcpMux ? settingsRtcp : null });
                }
            }
            else if (oldSettings is null || old.Ice is not null || !Equals(oldSettings.RemoteRtp, settings.RemoteRtp)
                     || !Equals(oldSettings.RemoteRtcp, settings.RemoteRtcp) || oldSettings.Latch != settings.Latch
                     || oldSettings.RtcpMux != settings.RtcpMux)
            {
                Volatile.Write(ref _remote, new MediaLegRemote
                {
                    Rtp = settingsRtp,
                    Rtcp = settings.RtcpMux ? null : settingsRtcp ?? NextPort(settingsRtp),
                });
            }

            Volatile.Write(ref _state, new MediaLegState
            {
                Settings = settings,
                Ice = ice,
                Dtls = dtls,
                Inbound = inbound,
                Outbound = outbound,
                SettingsRtp = settingsRtp,
                SettingsRtcp = settingsRtcp,
                Bundle = bundle,
            });
        }

        foreach (var item in disposeLater) item.Dispose();
        MediaLegLog.Configured(_logger, Label, settings.Protocol, settings.Security, settings.RemoteRtp, settings.RtcpMux, settings.LocalIce is not null);
        if (settings.Bundle is { Members.Count: > 1 } bundled) MediaLegLog.BundleConfigured(_logger, Label, bundled.Members.Count, bundled.MidExtensionId);
        if (startDtls is not null) _ = RunDtlsAsync(startDtls);
    }

    /// <inheritdoc/>
    public void Send(Span<byte> buffer, int length, bool isRtcp) => SendCore(buffer, length, isRtcp, null);

    /// <summary>Sends a packet of a bundled m-line (see <see cref="BundledMediaLeg.Send"/>) through this transport, counted on that m-line.</summary>
    /// <param name="buffer">The packet at offset 0, with at least <see cref="MediaLegLimits.ProtectOverhead"/> spare bytes after it.</param>
    /// <param name="length">The packet's length.</param>
    /// <param name="isRtcp">Whether it is RTCP.</param>
    /// <param name="member">The bundled m-line's leg.</param>
    internal void SendBundled(Span<byte> buffer, int length, bool isRtcp, BundledMediaLeg member) => SendCore(buffer, length, isRtcp, member);

    private void SendCore(Span<byte> buffer, int length, bool isRtcp, BundledMediaLeg? member)
    {
        if (IsDisposed) return;
        if ((uint)length > (uint)buffer.Length || length == 0)
        {
            Interlocked.Increment(ref _undecodable);
            return;
        }

        var state = Volatile.Read(ref _state);
        var settings = state.Settings;
        if (settings is null)
        {
            Interlocked.Increment(ref _notReady);
            return;
        }

        var remote = Volatile.Read(ref _remote);
        MediaLegSocket socket;
        MediaLegEndPoint? target;
        if (!isRtcp || settings.RtcpMux)
        {
            socket = _rtp;
            target = remote.Rtp;
        }
        else
        {
            socket = RtcpSendSocket;
            target = remote.Rtcp;
        }

        if (target is null || (state.Ice is { } ice && ice.Rtp.IsConsentExpired))
        {
            // No address yet (no answer, no ICE nomination), or RFC 7675 §5.1: consent expired, stop sending.
            Interlocked.Increment(ref _notReady);
            return;
        }

        if (!isRtcp && state.Bundle is { } bundle && length >= RtpHeader.FixedHeaderLength && bundle.IndexOf(member) is var index and >= 0)
        {
            // What the relay sends on each m-line: reports and feedback about these SSRCs belong to that m-line.
            bundle.NoteOutbound(index, BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]));
        }

        var sendLength = length;
        if (settings.Security != MediaLegSecurity.None)
        {
            if (state.Outbound is not { } outbound)
            {
                Interlocked.Increment(ref _notReady);
                return;
            }

            if (!outbound.TryProtect(buffer, length, isRtcp, out sendLength, out var status))
            {
                Interlocked.Increment(ref status == SrtpStatus.Disposed ? ref _notReady : ref _undecodable);
                return;
            }
        }

        try
        {
            socket.Socket.SendTo(buffer[..sendLength], SocketFlags.None, target.Address);
        }
        catch (SocketException e)
        {
            Interlocked.Increment(ref _sendFailures);
            MediaLegLog.SendFailed(_logger, Label, target.EndPoint, e);
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (member is not null)
        {
            member.CountSent(sendLength);
            return;
        }

        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, sendLength);
    }

    /// <inheritdoc/>
    public MediaLegStatistics GetStatistics()
    {
        var state = Volatile.Read(ref _state);
        var remote = Volatile.Read(ref _remote);
        var last = Volatile.Read(ref _lastPacketTicks);
        var iceConnected = state.Ice is { } ice && ice.Rtp.NominatedEndpoint is not null && !ice.Rtp.IsConsentExpired;
        var dtlsConnected = state.Dtls is { } dtls && dtls.IsConnected && dtls.Handshake.State == DtlsHandshakeState.Connected;
        var errors = AuthenticationFailures + Replays + WrongSource + Undecodable + NotReady + SendFailures + DtlsFailures + UnknownSsrc;
        return new MediaLegStatistics(
            remote.Rtp?.EndPoint,
            remote.RtpLatched,
            Volatile.Read(ref _packetsReceived),
            Volatile.Read(ref _bytesReceived),
            Volatile.Read(ref _packetsSent),
            Volatile.Read(ref _bytesSent),
            errors,
            last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero),
            iceConnected,
            dtlsConnected);
    }

    /// <summary>Stops receiving (waits for a datagram being handled), closes the sockets and releases the ICE, DTLS and SRTP objects. Idempotent.</summary>
    /// <returns>A task that completes when the loops have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _rtp.StopAsync().ConfigureAwait(false);
        if (_rtcp is not null) await _rtcp.StopAsync().ConfigureAwait(false);
        MediaLegState state;
        lock (_configureLock)
        {
            state = _state;
            Volatile.Write(ref _state, MediaLegState.Unconfigured);
        }

        state.Dtls?.Dispose();
        state.Ice?.Dispose();
        state.Inbound?.Dispose();
        state.Outbound?.Dispose();
        MediaLegLog.Closed(_logger, Label);
    }

    /// <summary>Sends a DTLS datagram to the party's current address (the handshake's channel).</summary>
    /// <param name="datagram">The datagram.</param>
    void IDtlsPacketChannel.Send(ReadOnlySpan<byte> datagram)
    {
        if (IsDisposed) return;
        var remote = Volatile.Read(ref _remote);
        var target = remote.RtpLatched ? remote.Rtp : remote.DtlsSource ?? remote.Rtp;
        if (target is null) return; // lost as far as DTLS knows: it retransmits the flight later
        try
        {
            _rtp.Socket.SendTo(datagram, SocketFlags.None, target.Address);
        }
        catch (SocketException e)
        {
            Interlocked.Increment(ref _sendFailures);
            MediaLegLog.SendFailed(_logger, Label, target.EndPoint, e);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }

    /// <summary>Handles one received datagram (called on the socket's receive thread or loop, before its next read).</summary>
    /// <param name="socket">The socket it came on; its <see cref="MediaLegSocket.Source"/> is the sender.</param>
    /// <param name="buffer">The receiving thread's buffer (<see cref="MediaLegLimits.BufferSize"/> bytes).</param>
    /// <param name="length">The datagram's length.</param>
    internal void OnDatagram(MediaLegSocket socket, byte[] buffer, int length)
    {
        if (length > MediaLegLimits.MaxDatagram)
        {
            Interlocked.Increment(ref _undecodable);
            return;
        }

        var packet = buffer.AsSpan(0, length);
        var state = Volatile.Read(ref _state);
        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                OnStun(socket, state, packet);
                break;
            case PacketKind.Dtls:
                OnDtls(socket, state, packet);
                break;
            case PacketKind.Rtp:
                OnMedia(socket, state, buffer, length, isRtcp: false);
                break;
            case PacketKind.Rtcp:
                OnMedia(socket, state, buffer, length, isRtcp: true);
                break;
            default:
                Interlocked.Increment(ref _undecodable);
                break;
        }
    }

    /// <summary>Counts and logs a receive failure that does not end the loop.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="exception">The failure.</param>
    internal void OnReceiveError(MediaLegSocket socket, Exception exception)
    {
        Interlocked.Increment(ref _undecodable);
        MediaLegLog.ReceiveError(_logger, Label, socket.LocalEndPoint, exception);
    }

    /// <summary>Counts and logs an unexpected failure while handling a datagram.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="exception">The failure.</param>
    internal void OnHandlingError(MediaLegSocket socket, Exception exception)
    {
        Interlocked.Increment(ref _undecodable);
        MediaLegLog.HandlingError(_logger, Label, socket.LocalEndPoint, exception);
    }

    private MediaLegSocket RtcpSendSocket => _rtcp ?? _rtp;

    private static void CheckSocket(Socket socket, string name)
    {
        if (socket.SocketType != SocketType.Dgram || socket.LocalEndPoint is not IPEndPoint)
            throw new ArgumentException("A leg needs a bound UDP socket.", name);
        if (socket.AddressFamily is not AddressFamily.InterNetwork and not AddressFamily.InterNetworkV6)
            throw new ArgumentException("A leg needs an IPv4 or IPv6 socket.", name);
    }

    private static void Validate(MediaLegSettings settings)
    {
        if ((settings.LocalIce is null) != (settings.RemoteIce is null))
            throw new ArgumentException("ICE needs both the local and the remote credentials.", nameof(settings));
        if (settings.Bundle is { Members.Count: > 1 } && !settings.RtcpMux)
            throw new ArgumentException("A BUNDLE transport muxes RTCP (RFC 8843 §9.3).", nameof(settings));
        switch (settings.Security)
        {
            case MediaLegSecurity.None:
                break;
            case MediaLegSecurity.Sdes:
                if (settings.SdesInbound is null || settings.SdesOutbound is null)
                    throw new ArgumentException("An SDES leg needs its inbound and outbound keys.", nameof(settings));
                CheckSdes(settings.SdesInbound);
                CheckSdes(settings.SdesOutbound);
                break;
            case MediaLegSecurity.Dtls:
                if (settings.DtlsCertificate is null)
                    throw new ArgumentException("A DTLS leg needs the relay's certificate.", nameof(settings));
                if (settings.RemoteFingerprints is null || settings.RemoteFingerprints.Count == 0)
                    throw new ArgumentException("A DTLS leg needs the party's fingerprint(s).", nameof(settings));
                if (settings.DtlsRole is not DtlsRole.Client and not DtlsRole.Server)
                    throw new ArgumentException("Unknown DTLS role.", nameof(settings));
                break;
            default:
                throw new ArgumentException("Unknown leg security.", nameof(settings));
        }

        static void CheckSdes(SdesKey key)
        {
            if (key.Profile is null || key.MasterKey.Length != key.Profile.CipherKeyLength || key.MasterSalt.Length != key.Profile.SaltLength)
                throw new ArgumentException("An SDES key or salt does not fit its suite.", nameof(settings));
        }
    }

    private static MediaLegSrtp CreateSdes(SdesKey key, SrtpDirection direction) =>
        MediaLegSrtp.TryCreate(key.Profile, key.MasterKey.Span, key.MasterSalt.Span, direction)!;

    private MediaLegEndPoint? NextPort(MediaLegEndPoint? rtp)
    {
        if (rtp is null || rtp.EndPoint.Port >= IPEndPoint.MaxPort) return null;
        return MediaLegEndPoint.Create(new IPEndPoint(rtp.EndPoint.Address, rtp.EndPoint.Port + 1), RtcpSendSocket.Socket.AddressFamily);
    }

    private void OnStun(MediaLegSocket socket, MediaLegState state, ReadOnlySpan<byte> packet)
    {
        // STUN on a leg (or socket) without ICE: keep-alives of endpoints that probe anyway; ignored, not an error.
        if (state.Ice?.For(socket.IsRtcp) is not { } agent) return;
        if (socket.CurrentSource() is not { } source)
        {
            Interlocked.Increment(ref _undecodable);
            return;
        }

        Span<byte> response = stackalloc byte[StunResponseSize];
        var result = agent.HandleStunRequest(packet, source.EndPoint, response, out var responseLength);

        // Latch before answering: once the party has its success response, the leg already sends to the nominated address.
        if (result == IceCheckResult.Answered && agent.NominatedEndpoint is { } nominated) LatchNominated(socket, state, nominated, source);
        if (responseLength > 0)
        {
            try
            {
                socket.Socket.SendTo(response[..responseLength], SocketFlags.None, socket.Source);
            }
            catch (SocketException e)
            {
                Interlocked.Increment(ref _sendFailures);
                MediaLegLog.SendFailed(_logger, Label, source.EndPoint, e);
            }
        }

        switch (result)
        {
            case IceCheckResult.NotStun:
                Interlocked.Increment(ref _undecodable);
                break;
            case IceCheckResult.Unauthenticated or IceCheckResult.UnknownUsername:
                Interlocked.Increment(ref _authenticationFailures);
                break;
        }
    }

    private void LatchNominated(MediaLegSocket socket, MediaLegState state, IPEndPoint nominated, MediaLegEndPoint source)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var remote = Volatile.Read(ref _remote);
            var current = socket.IsRtcp ? remote.Rtcp : remote.Rtp;
            var latched = socket.IsRtcp ? remote.RtcpLatched : remote.RtpLatched;
            if (latched && current is not null && current.EndPoint.Equals(nominated)) return;
            var endPoint = source.EndPoint.Equals(nominated) ? source : MediaLegEndPoint.Create(nominated, socket.Socket.AddressFamily);
            if (endPoint is null) return;
            var now = _timeProvider.GetTimestamp();
            var next = socket.IsRtcp
                ? remote with { Rtcp = endPoint, RtcpLatched = true, RtcpLatchedAt = now }
                : remote with
                {
                    Rtp = endPoint,
                    RtpLatched = true,
                    RtpLatchedAt = now,
                    Rtcp = !remote.RtcpLatched && state.Ice?.Rtcp is null && state.Settings is { RtcpMux: false, RemoteRtcp: null } ? NextPort(endPoint) : remote.Rtcp,
                };
            if (ReferenceEquals(Interlocked.CompareExchange(ref _remote, next, remote), remote))
            {
                MediaLegLog.Nominated(_logger, Label, endPoint.EndPoint, socket.IsRtcp ? "RTCP" : "RTP");
                return;
            }
        }
    }

    private void OnDtls(MediaLegSocket socket, MediaLegState state, ReadOnlySpan<byte> packet)
    {
        if (state.Dtls is not { } dtls || socket.IsRtcp)
        {
            Interlocked.Increment(ref _undecodable); // DTLS on a leg without it, or on the separate RTCP socket
            return;
        }

        var remote = Volatile.Read(ref _remote);
        if (state.Ice is not null)
        {
            // Only the ICE-validated (nominated) address may talk to the handshake: a forged record from elsewhere,
            // even an epoch-0 ClientHello fragment, must not reach it.
            if (!remote.RtpLatched || remote.Rtp is null || !remote.Rtp.Matches(socket.Source))
            {
                Interlocked.Increment(ref _wrongSource);
                return;
            }
        }
        else if (remote.RtpLatched && remote.Rtp is not null && !remote.Rtp.Matches(socket.Source))
        {
            if (state.Settings!.StrictSource)
            {
                Interlocked.Increment(ref _wrongSource);
                return;
            }
        }
        else if (!remote.RtpLatched && state.Settings!.Latch)
        {
            // Without ICE, answer the handshake where the party really is until SRTP confirms (latches) it.
            var source = socket.CurrentSource();
            if (source is not null && !ReferenceEquals(remote.DtlsSource, source))
            {
                Interlocked.CompareExchange(ref _remote, remote with { DtlsSource = source }, remote);
            }
        }

        if (!dtls.Handshake.DeliverPacket(packet)) Interlocked.Increment(ref _notReady);
    }

    private void OnMedia(MediaLegSocket socket, MediaLegState state, byte[] buffer, int length, bool isRtcp)
    {
        var settings = state.Settings;
        if (settings is null)
        {
            Interlocked.Increment(ref _notReady);
            return;
        }

        if (socket.IsRtcp && !isRtcp)
        {
            Interlocked.Increment(ref _undecodable); // RTP on the RTCP port
            return;
        }

        var remote = Volatile.Read(ref _remote);
        var current = socket.IsRtcp ? remote.Rtcp : remote.Rtp;
        var latched = socket.IsRtcp ? remote.RtcpLatched : remote.RtpLatched;
        var source = socket.Source;
        if (state.Ice is not null && state.Ice.For(socket.IsRtcp) is not null)
        {
            // ICE: media only from the nominated address of the component.
            if (!latched || current is null || !current.Matches(source))
            {
                Interlocked.Increment(ref _wrongSource);
                return;
            }
        }
        else if (settings.StrictSource)
        {
            var reference = latched ? current : settings.Latch ? null : socket.IsRtcp ? state.SettingsRtcp : state.SettingsRtp;
            if (reference is not null && !reference.Matches(source))
            {
                Interlocked.Increment(ref _wrongSource);
                return;
            }
        }

        var plainLength = length;
        if (settings.Security != MediaLegSecurity.None)
        {
            if (state.Inbound is not { } inbound)
            {
                Interlocked.Increment(ref _notReady);
                return;
            }

            if (!inbound.TryUnprotect(buffer.AsSpan(0, length), length, isRtcp, out plainLength, out var status))
            {
                switch (status)
                {
                    case SrtpStatus.AuthenticationFailed:
                        Interlocked.Increment(ref _authenticationFailures);
                        break;
                    case SrtpStatus.Replayed:
                        Interlocked.Increment(ref _replays);
                        break;
                    case SrtpStatus.Disposed:
                        Interlocked.Increment(ref _notReady);
                        break;
                    default:
                        Interlocked.Increment(ref _undecodable);
                        break;
                }

                return;
            }
        }

        if (settings.Latch && (state.Ice is null || state.Ice.For(socket.IsRtcp) is null)
            && (!latched || current is null || !current.Matches(source)))
        {
            Latch(socket, state, settings);
        }

        var now = _timeProvider.GetUtcNow().UtcTicks;
        if (state.Bundle is { } bundled)
        {
            DeliverBundled(bundled, settings, buffer, plainLength, length, isRtcp, now);
            return;
        }

        Deliver(null, settings, buffer, plainLength, length, isRtcp, now);
    }

    /// <summary>Hands an authenticated packet of a BUNDLE transport to the m-line(s) it belongs to.</summary>
    private void DeliverBundled(MediaBundleDemux bundle, MediaLegSettings settings, byte[] buffer, int length, int wireLength, bool isRtcp, long now)
    {
        if (!isRtcp)
        {
            var member = bundle.ResolveRtp(buffer.AsSpan(0, length));
            if (member < 0)
            {
                Interlocked.Increment(ref _unknownSsrc);
                return;
            }

            Deliver(bundle.Member(member), settings, buffer, length, wireLength, isRtcp: false, now);
            return;
        }

        // Compound RTCP: one m-line for all its packets (the common case) goes on in place; a mix is split.
        var first = MediaBundleDemux.Unknown;
        var mixed = false;
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        while (reader.TryReadNext(out _, out var part))
        {
            var member = Math.Max(bundle.ResolveRtcp(part), 0);
            if (first < 0) first = member;
            else mixed |= member != first;
        }

        if (!reader.IsComplete || first < 0)
        {
            Interlocked.Increment(ref _undecodable);
            return;
        }

        if (!mixed)
        {
            Deliver(bundle.Member(first), settings, buffer, length, wireLength, isRtcp: true, now);
            return;
        }

        SplitRtcp(bundle, settings, buffer.AsSpan(0, length), now);
    }

    /// <summary>Sends each m-line the packets of a compound RTCP packet that belong to it (unattributable ones: the first m-line).</summary>
    private void SplitRtcp(MediaBundleDemux bundle, MediaLegSettings settings, ReadOnlySpan<byte> compound, long now)
    {
        Span<byte> scratch = stackalloc byte[MediaLegLimits.BufferSize];
        for (var m = 0; m < bundle.Count; m++)
        {
            var written = 0;
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out _, out var part))
            {
                if (Math.Max(bundle.ResolveRtcp(part), 0) != m) continue;
                part.CopyTo(scratch[written..]);
                written += part.Length;
            }

            if (written > 0) Deliver(bundle.Member(m), settings, scratch, written, written, isRtcp: true, now);
        }
    }

    private void Deliver(BundledMediaLeg? member, MediaLegSettings settings, Span<byte> buffer, int length, int wireLength, bool isRtcp, long now)
    {
        if (member is not null)
        {
            member.OnReceived(buffer, length, wireLength, isRtcp, now);
            return;
        }

        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, wireLength);
        Volatile.Write(ref _lastPacketTicks, now);
        if (settings.ForwardingDisabled) return;
        Volatile.Read(ref _peer)?.Send(buffer, length, isRtcp);
    }

    /// <summary>Latches the current datagram's source for its component (see the latching rules above).</summary>
    private void Latch(MediaLegSocket socket, MediaLegState state, MediaLegSettings settings)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var remote = Volatile.Read(ref _remote);
            var current = socket.IsRtcp ? remote.Rtcp : remote.Rtp;
            var latched = socket.IsRtcp ? remote.RtcpLatched : remote.RtpLatched;
            var latchedAt = socket.IsRtcp ? remote.RtcpLatchedAt : remote.RtpLatchedAt;
            if (latched && current is not null)
            {
                if (current.Matches(socket.Source)) return;
                if (settings.StrictSource || _timeProvider.GetElapsedTime(latchedAt) >= LearningPeriod) return;
            }

            var source = socket.CurrentSource();
            if (source is null) return;
            var at = latched ? latchedAt : _timeProvider.GetTimestamp();
            MediaLegRemote next;
            if (socket.IsRtcp)
            {
                next = remote with { Rtcp = source, RtcpLatched = true, RtcpLatchedAt = at };
            }
            else
            {
                next = remote with
                {
                    Rtp = source,
                    RtpLatched = true,
                    RtpLatchedAt = at,
                    DtlsSource = null,
                    Rtcp = !remote.RtcpLatched && !settings.RtcpMux && state.SettingsRtcp is null ? NextPort(source) : remote.Rtcp,
                };
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _remote, next, remote), remote))
            {
                MediaLegLog.Latched(_logger, Label, socket.IsRtcp ? "RTCP" : "RTP", source.EndPoint);
                return;
            }
        }
    }

    /// <summary>Runs a handshake started by <see cref="Configure"/> to its end; nothing escapes the task.</summary>
    private async Task RunDtlsAsync(MediaLegDtls dtls)
    {
        try
        {
            await RunDtlsCoreAsync(dtls).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _dtlsFailures);
            MediaLegLog.DtlsKeyingFailed(_logger, Label, e);
        }
    }

    private async Task RunDtlsCoreAsync(MediaLegDtls dtls)
    {
        DtlsSrtpKeys keys;
        try
        {
            keys = await dtls.Handshake.RunAsync().ConfigureAwait(false);
        }
        catch (DtlsHandshakeException e)
        {
            if (e.Error != DtlsHandshakeError.Closed)
            {
                Interlocked.Increment(ref _dtlsFailures);
                MediaLegLog.DtlsFailed(_logger, Label, e.Error, e.Message);
            }

            return;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return;
        }

        if (!SrtpProfile.TryFromDtlsId((ushort)keys.Profile, out var profile))
        {
            Interlocked.Increment(ref _dtlsFailures);
            MediaLegLog.DtlsProfileUnsupported(_logger, Label, keys.Profile);
            return;
        }

        var inbound = MediaLegSrtp.TryCreate(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span, SrtpDirection.Unprotect);
        var outbound = MediaLegSrtp.TryCreate(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span, SrtpDirection.Protect);
        MediaLegSrtp? oldInbound = null, oldOutbound = null;
        var installed = false;
        lock (_configureLock)
        {
            var state = _state;
            if (!IsDisposed && ReferenceEquals(state.Dtls, dtls) && inbound is not null && outbound is not null)
            {
                oldInbound = state.Inbound;
                oldOutbound = state.Outbound;
                Volatile.Write(ref _state, state with { Inbound = inbound, Outbound = outbound });
                dtls.MarkConnected();
                installed = true;
            }
        }

        if (!installed)
        {
            inbound?.Dispose();
            outbound?.Dispose();
            return;
        }

        oldInbound?.Dispose();
        oldOutbound?.Dispose();
        MediaLegLog.DtlsConnected(_logger, Label, keys.Role, keys.Profile);
    }
}

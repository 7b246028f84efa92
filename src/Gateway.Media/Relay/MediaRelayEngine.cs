using System.Globalization;
using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Sdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Relay;

/// <summary>
/// The session layer of the in-process relay: Gateway.Core's <see cref="IMediaRelay"/> over rtpengine's model.
/// </summary>
/// <remarks>
/// <para>
/// Keys: a call is found by Call-ID; its parties (rtpengine's monologues) by tag. An offer from a tag creates the
/// call, the offerer's legs and the legs toward the (still untagged) recipient; the answer (from-tag = offerer,
/// to-tag = answerer) tags the recipient and completes the pairing. Later offers from either tag (re-INVITE, either
/// direction) re-configure the same legs through <see cref="IMediaLeg.Configure"/> — same ports; only new m-lines
/// get new ports.
/// </para>
/// <para>
/// Forking: offers with distinct <see cref="MediaSessionKey.ViaBranch"/> values before any answer each get their own
/// recipient legs (the offerer's legs are shared and forward to the branch answered last). Without via-branch, every
/// fork sees the same relay ports, and an answer carrying a second to-tag takes over the recipient legs from the
/// first one (the second to-tag replaces the first).
/// </para>
/// <para>
/// Media timeout: a periodic sweep on the <see cref="TimeProvider"/> ends calls whose legs saw no packet (and no
/// offer/answer) for <see cref="MediaRelayOptions.MediaTimeout"/> — counted from creation when no packet ever came —
/// and raises <see cref="SessionEnded"/> with the final counters.
/// </para>
/// </remarks>
internal sealed partial class MediaRelayEngine : IMediaRelay, IAsyncDisposable, IDisposable
{
    private const string OutOfPorts = "Ran out of ports";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RelayCall> _calls = new(StringComparer.Ordinal);
    private readonly MediaRelayOptions _options;
    private readonly IMediaLegFactory _legFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PortAllocator _ports;
    private readonly RelaySdpRewriter _rewriter;
    private readonly IPAddress _advertised;
    private readonly ITimer _sweepTimer;
    private long _answerSequence;
    private int _sweeping;
    private bool _disposed;

    /// <summary>Creates the engine; validates <paramref name="options"/> and loads or generates the DTLS certificate.</summary>
    public MediaRelayEngine(MediaRelayOptions options, IMediaLegFactory legFactory, TimeProvider timeProvider, ILogger<MediaRelayEngine>? logger = null, DtlsCertificate? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(legFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _legFactory = legFactory;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger<MediaRelayEngine>.Instance;
        var local = IPAddress.Parse(options.InterfaceAddress);
        _advertised = options.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : local;
        _ports = new PortAllocator(local, options.MinPort, options.MaxPort);
        Certificate = certificate
            ?? (options.CertificatePath is { } path ? DtlsCertificate.LoadPemFiles(path, options.PrivateKeyPath!) : DtlsCertificate.Generate("Gateway media relay", TimeSpan.FromDays(365), timeProvider));
        _rewriter = new RelaySdpRewriter(_advertised, Certificate, options.SdesSuites);
        _sweepTimer = timeProvider.CreateTimer(static state => ((MediaRelayEngine)state!).OnSweepTimer(), this, options.TimeoutCheckInterval, options.TimeoutCheckInterval);
    }

    /// <inheritdoc />
    public event EventHandler<MediaSessionEndedEventArgs>? SessionEnded;

    /// <summary>The DTLS certificate whose fingerprint the relay advertises.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The port allocator (for tests and statistics).</summary>
    internal PortAllocator Ports => _ports;

    /// <summary>How many calls are held.</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate) return _calls.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<MediaRelayResult> OfferAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryParse(request, out var sdp, out var failure)) return ValueTask.FromResult(failure!);
        MediaRelayResult result;
        lock (_gate)
        {
            result = _disposed ? MediaRelayResult.Fail("The media relay is shutting down") : Offer(request, sdp!);
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public ValueTask<MediaRelayResult> AnswerAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryParse(request, out var sdp, out var failure)) return ValueTask.FromResult(failure!);
        MediaRelayResult result;
        lock (_gate)
        {
            result = _disposed ? MediaRelayResult.Fail("The media relay is shutting down") : Answer(request, sdp!);
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        List<RelayStream> released = [];
        lock (_gate)
        {
            if (!_calls.TryGetValue(key.CallId, out var call)) return false;
            if (key.FromTag.Length > 0 && call.FindParty(key.FromTag) is null) return false;
            if (key.ViaBranch is { Length: > 0 } branch && DeleteBranch(call, branch, released))
            {
                if (call.Dialogs.Count > 0)
                {
                    Log.BranchDeleted(_logger, key.CallId, branch);
                }
                else
                {
                    _calls.Remove(call.CallId);
                    Collect(call, released);
                }
            }
            else
            {
                _calls.Remove(call.CallId);
                Collect(call, released);
            }
        }

        await ReleaseAsync(released).ConfigureAwait(false);
        Log.Deleted(_logger, key.CallId, released.Count);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<MediaSessionInfo?> QueryAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_calls.TryGetValue(key.CallId, out var call)) return ValueTask.FromResult<MediaSessionInfo?>(null);
            if (key.FromTag.Length > 0 && call.FindParty(key.FromTag) is null) return ValueTask.FromResult<MediaSessionInfo?>(null);
            return ValueTask.FromResult<MediaSessionInfo?>(Describe(call));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MediaSessionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var list = new List<MediaSessionInfo>(_calls.Count);
            foreach (var call in _calls.Values) list.Add(Describe(call));
            return ValueTask.FromResult<IReadOnlyList<MediaSessionInfo>>(list);
        }
    }

    /// <summary>Ends every session (raising <see cref="SessionEnded"/> with <see cref="MediaSessionEndReason.Shutdown"/>) and releases every port.</summary>
    public async ValueTask DisposeAsync()
    {
        List<(RelayCall Call, MediaSessionInfo Info)> ended = [];
        List<RelayStream> released = [];
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var call in _calls.Values)
            {
                ended.Add((call, Describe(call)));
                Collect(call, released);
            }

            _calls.Clear();
        }

        await _sweepTimer.DisposeAsync().ConfigureAwait(false);
        await ReleaseAsync(released).ConfigureAwait(false);
        foreach (var (call, info) in ended) RaiseEnded(info, MediaSessionEndReason.Shutdown);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Runs one timeout sweep now (the timer calls this every <see cref="MediaRelayOptions.TimeoutCheckInterval"/>).</summary>
    internal async ValueTask SweepAsync()
    {
        var now = _timeProvider.GetUtcNow();
        List<(MediaSessionInfo Info, MediaSessionEndReason Reason)> ended = [];
        List<RelayStream> released = [];
        lock (_gate)
        {
            if (_disposed) return;
            List<RelayCall>? expired = null;
            foreach (var call in _calls.Values)
            {
                if (Expired(call, now) is not { } reason) continue;
                (expired ??= []).Add(call);
                ended.Add((Describe(call), reason));
            }

            if (expired is null) return;
            foreach (var call in expired)
            {
                _calls.Remove(call.CallId);
                Collect(call, released);
            }
        }

        await ReleaseAsync(released).ConfigureAwait(false);
        foreach (var (info, reason) in ended)
        {
            Log.TimedOut(_logger, info.Key.CallId, reason);
            RaiseEnded(info, reason);
        }
    }

    private static bool TryParse(MediaRelayRequest request, out SessionDescription? sdp, out MediaRelayResult? failure)
    {
        failure = null;
        if (request.Sdp.IsEmpty)
        {
            sdp = null;
            failure = MediaRelayResult.Fail("No SDP body");
            return false;
        }

        if (!SessionDescription.TryParse(request.Sdp.Span, out sdp, out var error))
        {
            failure = MediaRelayResult.Fail("Failed to parse SDP: " + error.ToString());
            return false;
        }

        return true;
    }

    private MediaRelayResult Offer(MediaRelayRequest request, SessionDescription sdp)
    {
        var key = request.Key;
        var flags = request.Flags;
        var now = _timeProvider.GetUtcNow();
        var isNew = !_calls.TryGetValue(key.CallId, out var call);
        if (isNew && _options.MaxSessions > 0 && _calls.Count >= _options.MaxSessions) return MediaRelayResult.Fail("Too many sessions");
        call ??= new RelayCall(key.CallId, now);

        var sender = call.FindParty(key.FromTag);
        var dialog = sender is null ? null : FindDialogForOffer(call, sender, key.ViaBranch);
        var recipient = dialog?.Other(sender!);

        // BUNDLE (RFC 8843): the sender's bundled m-lines are those in its BUNDLE group; the recipient's those the
        // relay offers it as WebRTC (the rewriter gives it a BUNDLE group). A party's choice is made with its first streams.
        var senderGroup = BundleGroup(sdp);
        var senderBundles = sender?.Bundles ?? senderGroup is not null;
        var recipientBundles = recipient?.Bundles ?? OffersBundle(sdp, flags);

        // Allocate every new port pair first: all or nothing, so a full range leaves no half-built session. A bundle
        // needs one pair for its transport, none for the m-lines that join it.
        var needed = 0;
        var senderTransport = sender?.BundleTransport is not null;
        var recipientTransport = recipient?.BundleTransport is not null;
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            if (!Relayed(sdp.Media[i])) continue;
            if (sender?.GetStream(i) is null) needed += NeedsPair(senderBundles && InGroup(senderGroup, sdp.Media[i]), ref senderTransport);
            if (recipient?.GetStream(i) is null) needed += NeedsPair(recipientBundles && OutgoingIsWebRtc(sdp.Media[i], flags), ref recipientTransport);
        }

        if (!_ports.TryAllocate(needed, out var pairs))
        {
            Log.OutOfPorts(_logger, key.CallId, needed);
            return MediaRelayResult.Fail(OutOfPorts);
        }

        if (sender is null)
        {
            sender = new RelayParty(key.FromTag) { Bundles = senderBundles };
            call.Parties.Add(sender);
        }

        if (dialog is null)
        {
            recipient = new RelayParty(null) { Bundles = recipientBundles };
            call.Parties.Add(recipient);
            dialog = new RelayDialog(sender, recipient, key.ViaBranch);
            call.Dialogs.Add(dialog);
        }

        var next = 0;
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            if (!Relayed(sdp.Media[i])) continue;
            if (sender.GetStream(i) is null) AddStream(call, sender, i, senderBundles && InGroup(senderGroup, sdp.Media[i]), pairs, ref next);
            if (recipient!.GetStream(i) is null) AddStream(call, recipient, i, recipientBundles && OutgoingIsWebRtc(sdp.Media[i], flags), pairs, ref next);
        }

        sender.LastSdp = sdp.Clone();
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            if (sender.GetStream(i) is not { } stream) continue;
            RelaySdpRewriter.ReadSender(stream, RelayRemoteMedia.Read(sdp.Media[i], request.ReceivedFrom, flags.TrustAddress), flags);
            _rewriter.ProvisionOfferer(stream);
        }

        _rewriter.RewriteOffer(sdp, sender, recipient!, flags);
        Link(dialog, sender, activate: !HasAnsweredPeer(call, sender) || dialog.Answered);
        ConfigureAll(call);
        call.LastSignal = now;
        if (isNew) _calls.Add(call.CallId, call);
        Log.Offered(_logger, key.CallId, key.FromTag, isNew);
        return MediaRelayResult.Ok(sdp.ToArray());
    }

    private MediaRelayResult Answer(MediaRelayRequest request, SessionDescription sdp)
    {
        var key = request.Key;
        var flags = request.Flags;
        if (!_calls.TryGetValue(key.CallId, out var call)) return MediaRelayResult.Fail("Unknown call-id");
        if (call.FindParty(key.FromTag) is not { } offerer) return MediaRelayResult.Fail("Unknown from-tag");
        var toTag = key.ToTag ?? string.Empty;
        var dialog = FindDialogForAnswer(call, offerer, toTag, key.ViaBranch);
        if (dialog is null) return MediaRelayResult.Fail("No offer to answer for this from-tag");
        var answerer = dialog.Other(offerer);

        // A second to-tag on the same legs takes them over (see the class remarks).
        if (!string.Equals(answerer.Tag, toTag, StringComparison.Ordinal))
        {
            if (answerer.Tag is not null) Log.ToTagReplaced(_logger, key.CallId, answerer.Tag, toTag);
            answerer.Tag = toTag;
        }

        answerer.LastSdp = sdp.Clone();
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            if (answerer.GetStream(i) is not { } stream) continue;
            RelaySdpRewriter.ReadSender(stream, RelayRemoteMedia.Read(sdp.Media[i], request.ReceivedFrom, flags.TrustAddress), flags);
            RelaySdpRewriter.ReadAnswerer(stream);
        }

        var warning = _rewriter.RewriteAnswer(sdp, answerer, offerer, flags);
        dialog.Answered = true;
        dialog.AnsweredSequence = ++_answerSequence;
        Link(dialog, offerer, activate: true);
        ConfigureAll(call);
        call.LastSignal = _timeProvider.GetUtcNow();
        Log.Answered(_logger, key.CallId, key.FromTag, toTag);
        return MediaRelayResult.Ok(sdp.ToArray(), warning);
    }

    /// <summary>Whether an m-line is relayed: an RTP profile with a port (or bundle-only).</summary>
    private static bool Relayed(MediaDescription media) => media.IsRtp && !media.IsRejected;

    /// <summary>The mids of the SDP's first BUNDLE group, or null when it has none.</summary>
    private static IReadOnlyList<string>? BundleGroup(SessionDescription sdp)
    {
        foreach (var group in sdp.Groups)
        {
            if (group.IsBundle && group.Mids.Count > 0) return group.Mids;
        }

        return null;
    }

    private static bool InGroup(IReadOnlyList<string>? group, MediaDescription media)
    {
        if (group is null || media.Mid is not { } mid) return false;
        foreach (var member in group)
        {
            if (string.Equals(member, mid, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    /// <summary>Whether the relay writes the m-line toward the recipient as WebRTC (UDP/TLS/RTP/SAVPF): then it bundles it.</summary>
    private static bool OutgoingIsWebRtc(MediaDescription media, MediaFlags flags) =>
        (flags.TransportProtocol != MediaTransportProtocol.Unchanged ? flags.TransportProtocol : RelaySdpRewriter.ParseProtocol(media.Protocol)) == MediaTransportProtocol.UdpTlsRtpSavpf;

    private static bool OffersBundle(SessionDescription sdp, MediaFlags flags)
    {
        foreach (var media in sdp.Media)
        {
            if (Relayed(media) && OutgoingIsWebRtc(media, flags)) return true;
        }

        return false;
    }

    /// <summary>How many new port pairs a new stream needs: none when it joins an existing (or earlier new) bundle transport.</summary>
    private static int NeedsPair(bool bundled, ref bool hasTransport)
    {
        if (!bundled) return 1;
        if (hasTransport) return 0;
        hasTransport = true;
        return 1;
    }

    private static RelayDialog? FindDialogForOffer(RelayCall call, RelayParty sender, string? viaBranch)
    {
        // Established pairings first (a re-INVITE has a new via-branch but is no fork): the one on this branch, else
        // the most recently answered one; then a pending fork on this branch, else (no branch given) the last pending one.
        RelayDialog? answered = null, pendingOnBranch = null, lastPending = null;
        foreach (var dialog in call.Dialogs)
        {
            if (!dialog.Contains(sender)) continue;
            if (dialog.Answered)
            {
                if (viaBranch is not null && string.Equals(dialog.ViaBranch, viaBranch, StringComparison.Ordinal)) return dialog;
                if (answered is null || dialog.AnsweredSequence > answered.AnsweredSequence) answered = dialog;
            }
            else
            {
                if (string.Equals(dialog.ViaBranch, viaBranch, StringComparison.Ordinal)) pendingOnBranch = dialog;
                lastPending = dialog;
            }
        }

        if (answered is not null) return answered;
        if (pendingOnBranch is not null) return pendingOnBranch;
        return viaBranch is null ? lastPending : null;
    }

    private static RelayDialog? FindDialogForAnswer(RelayCall call, RelayParty offerer, string toTag, string? viaBranch)
    {
        RelayDialog? byBranch = null, pending = null, latest = null;
        foreach (var dialog in call.Dialogs)
        {
            if (!dialog.Contains(offerer)) continue;
            var other = dialog.Other(offerer);
            if (string.Equals(other.Tag, toTag, StringComparison.Ordinal)) return dialog;
            if (viaBranch is not null && string.Equals(dialog.ViaBranch, viaBranch, StringComparison.Ordinal)) byBranch = dialog;
            if (other.Tag is null) pending = dialog;
            if (latest is null || dialog.AnsweredSequence >= latest.AnsweredSequence) latest = dialog;
        }

        return byBranch ?? pending ?? latest;
    }

    private static bool HasAnsweredPeer(RelayCall call, RelayParty party)
    {
        foreach (var dialog in call.Dialogs)
        {
            if (dialog.Answered && dialog.Contains(party)) return true;
        }

        return false;
    }

    private void AddStream(RelayCall call, RelayParty party, int index, bool bundled, List<RelayPortPair> pairs, ref int next)
    {
        while (party.Streams.Count <= index) party.Streams.Add(null);
        var label = string.Create(CultureInfo.InvariantCulture, $"{call.CallId}/{party.Tag ?? "?"}/{index}");
        if (bundled && party.BundleTransport is { } transport)
        {
            // Joins the party's BUNDLE transport: its port, a leg on its socket.
            party.Streams[index] = new RelayStream(index, transport.Ports, _legFactory.CreateBundled(transport.Leg, label)) { BundleTransport = transport };
            return;
        }

        var pair = pairs[next++];
        var stream = new RelayStream(index, pair, _legFactory.Create(pair.Rtp, pair.Rtcp, label));
        if (bundled)
        {
            stream.BundleTransport = stream;
            party.BundleTransport = stream;
        }

        party.Streams[index] = stream;
    }

    /// <summary>Points each leg of <paramref name="party"/> at its counterpart in the dialog and back.</summary>
    private static void Link(RelayDialog dialog, RelayParty party, bool activate)
    {
        var other = dialog.Other(party);
        var count = Math.Max(party.Streams.Count, other.Streams.Count);
        for (var i = 0; i < count; i++)
        {
            var mine = party.GetStream(i);
            var theirs = other.GetStream(i);
            if (theirs is not null) theirs.Leg.Peer = mine?.Leg;
            if (mine is not null && activate) mine.Leg.Peer = theirs?.Leg;
        }
    }

    private void ConfigureAll(RelayCall call)
    {
        foreach (var dialog in call.Dialogs)
        {
            for (var i = 0; i < Math.Max(dialog.First.Streams.Count, dialog.Second.Streams.Count); i++)
            {
                var first = dialog.First.GetStream(i);
                var second = dialog.Second.GetStream(i);
                if (first is not null) Configure(dialog.First, first, second);
                if (second is not null) Configure(dialog.Second, second, first);
            }
        }
    }

    private void Configure(RelayParty party, RelayStream stream, RelayStream? counterpart)
    {
        var settings = BuildSettings(stream, counterpart, Certificate, party);
        stream.Settings = settings;
        stream.Leg.Configure(settings);
    }

    /// <summary>
    /// The leg's settings from what the party said and what the relay said toward it. Forwarding from the party is
    /// off while it does not send (recvonly/inactive) or its counterpart does not receive (sendonly/inactive): hold.
    /// </summary>
    internal static MediaLegSettings BuildSettings(RelayStream stream, RelayStream? counterpart, DtlsCertificate certificate, RelayParty? party = null)
    {
        var remote = stream.Remote;
        if (stream.IsBundleMember)
        {
            // A bundled m-line's leg only forwards: the transport's settings carry ICE, DTLS, keys and addresses.
            var transport = stream.BundleTransport!;
            var transportAwaiting = transport.Dtls && (transport.Remote is null || transport.Remote.Fingerprints.Count == 0);
            return new MediaLegSettings
            {
                Protocol = stream.Protocol,
                RtcpMux = true,
                Latch = stream.Latch,
                ForwardingDisabled = transportAwaiting || !Sends(remote) || !Receives(counterpart?.Remote),
            };
        }

        var bundle = party is not null && ReferenceEquals(stream.BundleTransport, stream) ? BuildBundle(party, stream) : null;
        // A DTLS party that has not said its fingerprint yet (the callee before its answer) gets no keys and no
        // forwarding until it has: the handshake could not be verified.
        var awaitingFingerprint = stream.Dtls && (remote is null || remote.Fingerprints.Count == 0);
        var security = stream.Dtls ? (awaitingFingerprint ? MediaLegSecurity.None : MediaLegSecurity.Dtls)
            : stream.SdesInbound is not null && stream.SdesOutbound is not null ? MediaLegSecurity.Sdes
            : MediaLegSecurity.None;
        var remoteIce = stream.LocalIce is null ? null : remote?.Ice;
        return new MediaLegSettings
        {
            Protocol = stream.Protocol,
            Security = security,
            RemoteRtp = remote?.Rtp,
            RemoteRtcp = stream.RtcpMux ? null : remote?.Rtcp,
            RtcpMux = stream.RtcpMux || bundle is not null,
            LocalIce = remoteIce is null ? null : stream.LocalIce,
            RemoteIce = remoteIce,
            DtlsRole = stream.DtlsRole,
            DtlsCertificate = security == MediaLegSecurity.Dtls ? certificate : null,
            RemoteFingerprints = security == MediaLegSecurity.Dtls && remote is not null ? remote.Fingerprints : [],
            SdesOutbound = security == MediaLegSecurity.Sdes ? stream.SdesOutbound : null,
            SdesInbound = security == MediaLegSecurity.Sdes ? stream.SdesInbound : null,
            Latch = stream.Latch,
            StrictSource = stream.StrictSource,
            ForwardingDisabled = awaitingFingerprint || !Sends(remote) || !Receives(counterpart?.Remote),
            Bundle = bundle,
        };
    }

    /// <summary>The m-lines on a party's BUNDLE transport (not those it rejected), or null when it carries one only.</summary>
    private static MediaLegBundle? BuildBundle(RelayParty party, RelayStream transport)
    {
        List<MediaLegBundleMember>? members = null;
        var midExtension = 0;
        foreach (var stream in party.Streams)
        {
            if (stream is null || !ReferenceEquals(stream.BundleTransport, transport) || stream.Remote is { Rejected: true }) continue;
            var remote = stream.Remote;
            (members ??= []).Add(new MediaLegBundleMember
            {
                Leg = stream.Leg,
                Mid = remote?.Mid,
                Ssrcs = remote?.Ssrcs ?? [],
                PayloadTypes = remote?.PayloadTypes ?? [],
            });
            if (midExtension == 0 && remote is not null) midExtension = remote.MidExtensionId;
        }

        return members is { Count: > 1 } ? new MediaLegBundle { Members = members, MidExtensionId = midExtension } : null;
    }

    private static bool Sends(RelayRemoteMedia? remote) => remote is null || remote.Direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    private static bool Receives(RelayRemoteMedia? remote) => remote is null || remote.Direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    private static bool DeleteBranch(RelayCall call, string viaBranch, List<RelayStream> released)
    {
        var found = false;
        for (var d = call.Dialogs.Count - 1; d >= 0; d--)
        {
            var dialog = call.Dialogs[d];
            if (!string.Equals(dialog.ViaBranch, viaBranch, StringComparison.Ordinal)) continue;
            found = true;
            call.Dialogs.RemoveAt(d);

            // The branch's own side goes with it, unless another pairing still uses that party.
            foreach (var party in new[] { dialog.Second, dialog.First })
            {
                var used = false;
                foreach (var remaining in call.Dialogs) used |= remaining.Contains(party);
                if (used) continue;
                call.Parties.Remove(party);
                foreach (var stream in party.Streams)
                {
                    if (stream is not null) released.Add(stream);
                }
            }
        }

        if (!found) return false;

        // Whoever pointed at a removed leg now points at the last answered (or any) remaining pairing.
        foreach (var stream in released)
        {
            foreach (var party in call.Parties)
            {
                foreach (var other in party.Streams)
                {
                    if (other is not null && ReferenceEquals(other.Leg.Peer, stream.Leg)) other.Leg.Peer = null;
                }
            }
        }

        RelayDialog? best = null;
        foreach (var dialog in call.Dialogs)
        {
            if (best is null || dialog.AnsweredSequence > best.AnsweredSequence) best = dialog;
        }

        if (best is not null)
        {
            Link(best, best.First, activate: true);
        }

        return true;
    }

    private static void Collect(RelayCall call, List<RelayStream> released)
    {
        foreach (var party in call.Parties)
        {
            foreach (var stream in party.Streams)
            {
                if (stream is not null) released.Add(stream);
            }
        }
    }

    private async ValueTask ReleaseAsync(List<RelayStream> streams)
    {
        foreach (var stream in streams) stream.Leg.Peer = null;
        foreach (var stream in streams)
        {
            try
            {
                await stream.Leg.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                // A bundle's port pair goes back once, with its transport.
                if (stream.OwnsPorts) _ports.Release(stream.Ports);
            }
        }
    }

    private MediaSessionEndReason? Expired(RelayCall call, DateTimeOffset now)
    {
        if (_options.MaxSessionDuration is { } max && now - call.Created >= max) return MediaSessionEndReason.MaxDuration;
        var last = call.LastSignal > call.Created ? call.LastSignal : call.Created;
        var held = false;
        foreach (var party in call.Parties)
        {
            foreach (var stream in party.Streams)
            {
                if (stream is null) continue;
                if (stream.Leg.GetStatistics().LastPacket is { } packet && packet > last) last = packet;
                held |= stream.Settings?.ForwardingDisabled == true;
            }
        }

        var timeout = held && _options.HoldTimeout is { } hold ? hold : _options.MediaTimeout;
        return now - last >= timeout ? MediaSessionEndReason.MediaTimeout : null;
    }

    private MediaSessionInfo Describe(RelayCall call)
    {
        string fromTag = string.Empty;
        string? toTag = null, viaBranch = null;
        if (call.Dialogs.Count > 0)
        {
            RelayDialog main = call.Dialogs[0];
            foreach (var dialog in call.Dialogs)
            {
                if (dialog.AnsweredSequence > main.AnsweredSequence) main = dialog;
            }

            fromTag = main.First.Tag ?? string.Empty;
            toTag = main.Second.Tag;
            viaBranch = main.ViaBranch;
        }

        var streams = new List<MediaStreamStatistics>();
        var lastActivity = call.Created;
        foreach (var party in call.Parties)
        {
            foreach (var stream in party.Streams)
            {
                if (stream is null) continue;
                var statistics = stream.Leg.GetStatistics();
                if (statistics.LastPacket is { } packet && packet > lastActivity) lastActivity = packet;
                streams.Add(new MediaStreamStatistics
                {
                    Tag = party.Tag ?? string.Empty,
                    MediaIndex = stream.Index,
                    MediaType = stream.MediaType,
                    Protocol = stream.Protocol,
                    LocalEndPoint = new IPEndPoint(_advertised, stream.Ports.RtpPort),
                    RemoteEndPoint = statistics.RemoteEndPoint ?? stream.Remote?.Rtp,
                    Latched = statistics.Latched,
                    PacketsReceived = statistics.PacketsReceived,
                    BytesReceived = statistics.BytesReceived,
                    PacketsSent = statistics.PacketsSent,
                    BytesSent = statistics.BytesSent,
                    Errors = statistics.Errors,
                    LastPacket = statistics.LastPacket,
                });
            }
        }

        return new MediaSessionInfo
        {
            Key = new MediaSessionKey(call.CallId, fromTag, toTag, viaBranch),
            Created = call.Created,
            LastActivity = lastActivity,
            Instance = "local",
            Streams = streams,
        };
    }

    private void OnSweepTimer()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1) return;
        _ = RunSweepAsync();
    }

    private async Task RunSweepAsync()
    {
        try
        {
            await SweepAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A timer callback must not crash the process; the failure is logged and the next tick retries.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.SweepFailed(_logger, exception);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void RaiseEnded(MediaSessionInfo info, MediaSessionEndReason reason) =>
        SessionEnded?.Invoke(this, new MediaSessionEndedEventArgs(info.Key, reason, info));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Media offer for call {CallId} from tag {FromTag} (new call: {IsNew})")]
        public static partial void Offered(ILogger logger, string callId, string fromTag, bool isNew);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Media answer for call {CallId} from tag {FromTag} to tag {ToTag}")]
        public static partial void Answered(ILogger logger, string callId, string fromTag, string toTag);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Media offer for call {CallId} failed: ran out of ports ({Needed} pairs needed)")]
        public static partial void OutOfPorts(ILogger logger, string callId, int needed);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Debug, Message = "Media session {CallId} deleted ({Legs} legs released)")]
        public static partial void Deleted(ILogger logger, string callId, int legs);

        [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "Media session {CallId}: branch {ViaBranch} deleted")]
        public static partial void BranchDeleted(ILogger logger, string callId, string viaBranch);

        [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Media session {CallId} ended: {Reason}")]
        public static partial void TimedOut(ILogger logger, string callId, MediaSessionEndReason reason);

        [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Media session {CallId}: to-tag {NewTag} takes over the legs of to-tag {OldTag}")]
        public static partial void ToTagReplaced(ILogger logger, string callId, string oldTag, string newTag);

        [LoggerMessage(EventId = 5108, Level = LogLevel.Error, Message = "The media timeout sweep failed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}

using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Media.Dtls;

/// <summary>
/// One DTLS-SRTP handshake (RFC 5763, RFC 5764) over DTLS 1.2 (RFC 6347), run by BouncyCastle on a dedicated thread:
/// as server or client, offering or selecting use_srtp, requiring and verifying the peer certificate against the SDP
/// fingerprint, then exporting the SRTP master keys and salts.
/// </summary>
/// <remarks>
/// The relay feeds received DTLS datagrams with <see cref="DeliverPacket"/> (they are queued, so packets that arrive
/// before <see cref="RunAsync"/> are kept) and sends through the <see cref="IDtlsPacketChannel"/>. BouncyCastle
/// retransmits lost flights. After the handshake the object keeps answering late DTLS packets (for example the peer
/// retransmitting its last flight because ours was lost) until disposed; application data is discarded.
/// </remarks>
public sealed class DtlsSrtpHandshake : IDisposable
{
    private readonly DtlsSrtpHandshakeOptions _options;
    private readonly DtlsPacketTransport _transport;
    private readonly DtlsSrtpNegotiation _negotiation;
    private readonly CancellationTokenSource _disposing = new();
    private readonly byte[] _drainBuffer = new byte[DtlsPacketTransport.ReceiveLimit];
    private readonly Lock _dtlsLock = new(); // BouncyCastle's DtlsTransport is not thread-safe: Drain vs Dispose
    private DtlsTransport? _dtls;
    private int _started;
    private int _draining;
    private int _disposed;
    private volatile DtlsHandshakeState _state;

    /// <summary>Prepares a handshake; nothing is sent until <see cref="RunAsync"/>.</summary>
    /// <param name="certificate">This side's certificate (its fingerprint is in the local SDP).</param>
    /// <param name="channel">Where to send DTLS datagrams.</param>
    /// <param name="options">Role, remote fingerprints, profiles, timeout.</param>
    /// <exception cref="ArgumentException">The options are invalid (no fingerprint, no profile, bad sizes).</exception>
    public DtlsSrtpHandshake(DtlsCertificate certificate, IDtlsPacketChannel channel, DtlsSrtpHandshakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _transport = new DtlsPacketTransport(channel, options.MaxDatagramSize, options.ReceiveQueueCapacity);
        _negotiation = new DtlsSrtpNegotiation(certificate, options, new BcTlsCrypto(new SecureRandom()));
    }

    /// <summary>This side's role.</summary>
    public DtlsRole Role => _options.Role;

    /// <summary>Where the handshake stands.</summary>
    public DtlsHandshakeState State => _state;

    /// <summary>The exported keys, once <see cref="State"/> reached <see cref="DtlsHandshakeState.Connected"/>.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>
    /// Hands over a DTLS datagram received from the peer (RFC 7983: first byte 20–63). Copies it; never blocks.
    /// </summary>
    /// <param name="datagram">The datagram.</param>
    /// <returns>False when it was dropped: closed or failed, the queue is full, or the datagram is empty or larger
    /// than 2048 bytes.</returns>
    public bool DeliverPacket(ReadOnlySpan<byte> datagram)
    {
        if (!_transport.TryEnqueue(datagram)) return false;
        if (_state == DtlsHandshakeState.Connected) ScheduleDrain();
        return true;
    }

    /// <summary>
    /// Runs the handshake on a dedicated thread and completes with the SRTP keys. Call it once.
    /// </summary>
    /// <param name="cancellationToken">Stops the handshake (the task is then cancelled).</param>
    /// <returns>The keys.</returns>
    /// <exception cref="DtlsHandshakeException">The handshake failed: see <see cref="DtlsHandshakeException.Error"/>
    /// (timeout, fingerprint mismatch, no common SRTP profile, peer alert, protocol error, closed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The handshake was already started.</exception>
    public async Task<DtlsSrtpKeys> RunAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The DTLS handshake was already started.");
        cancellationToken.ThrowIfCancellationRequested();

        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposing.Token);
        _state = DtlsHandshakeState.Handshaking;
        try
        {
            using (stop.Token.UnsafeRegister(static s => ((DtlsPacketTransport)s!).Close(), _transport))
            {
                _dtls = await Task.Factory.StartNew(Handshake, CancellationToken.None,
                    TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _state = _disposing.IsCancellationRequested ? DtlsHandshakeState.Closed : DtlsHandshakeState.Failed;
            _transport.Close();
            if (cancellationToken.IsCancellationRequested && !_disposing.IsCancellationRequested)
                throw new OperationCanceledException("The DTLS handshake was cancelled.", e, cancellationToken);
            throw Translate(e, timeout.IsCancellationRequested);
        }

        Keys = _negotiation.Keys!;
        _state = DtlsHandshakeState.Connected;
        if (_disposing.IsCancellationRequested) _state = DtlsHandshakeState.Closed;
        else if (_transport.Count > 0) ScheduleDrain();
        return Keys;
    }

    /// <summary>Stops a running handshake, or sends close_notify after a completed one, and releases resources.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _disposing.Cancel();
        var dtls = _dtls;
        if (dtls is not null && _state == DtlsHandshakeState.Connected)
        {
            try
            {
                lock (_dtlsLock) dtls.Close(); // close_notify (RFC 5246 §7.2.1)
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The channel may already be gone.
            }
        }

        _state = _state == DtlsHandshakeState.Failed ? DtlsHandshakeState.Failed : DtlsHandshakeState.Closed;
        _transport.Dispose(); // a handshake thread still blocked in Receive wakes up with an IOException
    }

    private DtlsTransport Handshake() => _options.Role == DtlsRole.Server
        ? new DtlsServerProtocol().Accept(new DtlsSrtpServer(_negotiation), _transport)
        : new DtlsClientProtocol().Connect(new DtlsSrtpClient(_negotiation), _transport);

    private DtlsHandshakeException Translate(Exception e, bool timedOut)
    {
        if (_disposing.IsCancellationRequested)
            return new DtlsHandshakeException(DtlsHandshakeError.Closed, "The DTLS handshake was stopped because it was disposed.", e);
        if (_negotiation.Failure is { } failure)
            return new DtlsHandshakeException(failure.Error, failure.Message, e);
        if (timedOut || e is TlsTimeoutException)
            return new DtlsHandshakeException(DtlsHandshakeError.Timeout,
                $"The DTLS handshake did not complete within {_options.HandshakeTimeout.TotalSeconds:0.###} s.", e);
        if (e is TlsFatalAlertReceived received)
            return new DtlsHandshakeException(DtlsHandshakeError.PeerAlert,
                $"The DTLS peer sent the fatal alert {AlertDescription.GetText(received.AlertDescription)}.", e);
        if (e is TlsFatalAlert alert)
            return new DtlsHandshakeException(DtlsHandshakeError.ProtocolError,
                "The DTLS handshake failed: " + (_negotiation.RaisedAlert ?? AlertDescription.GetText(alert.AlertDescription)), e);
        return new DtlsHandshakeException(DtlsHandshakeError.ProtocolError, "The DTLS handshake failed: " + e.Message, e);
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);
    }

    /// <summary>
    /// Lets BouncyCastle process datagrams that arrive after the handshake: it retransmits our last flight when the
    /// peer repeats its own, and notices close_notify. Runs on the thread pool only while packets are queued.
    /// </summary>
    private void Drain()
    {
        var dtls = _dtls!;
        try
        {
            while (true)
            {
                while (_transport.Count > 0 && _state == DtlsHandshakeState.Connected)
                {
                    lock (_dtlsLock)
                    {
                        if (_state != DtlsHandshakeState.Connected) break;
                        dtls.Receive(_drainBuffer, 0, _drainBuffer.Length, 1); // application data, if any, is discarded
                    }

                    if (_negotiation.PeerClosed) _state = DtlsHandshakeState.Closed;
                }

                Volatile.Write(ref _draining, 0);
                if (_transport.Count == 0 || _state != DtlsHandshakeState.Connected
                    || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // A fatal alert, a closed channel or the peer's close: the DTLS association is over (the keys stay valid).
            if (_state == DtlsHandshakeState.Connected) _state = DtlsHandshakeState.Closed;
            _transport.Close();
            Volatile.Write(ref _draining, 0);
        }
    }
}

using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Transactions;

/// <summary>
/// A client transaction (RFC 3261 §17.1 with RFC 6026 §7.2): one request sent on one flow — for a proxy, one branch.
/// It retransmits on UDP (Timers A, E), times out (Timers B, F and OpenSIPS' <c>fr_timeout</c> /
/// <c>fr_inv_timeout</c>), ACKs non-2xx finals to INVITE itself (Timer D), keeps reporting 2xx in the Accepted state
/// (Timer M), lingers to absorb retransmitted finals (Timer K), and can CANCEL its INVITE (RFC 3261 §9.1).
/// Everything that happens is reported to its <see cref="ISipClientTransactionHandler"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe: responses, timers and <see cref="CancelAsync"/> may race.</para>
/// <para>Once a final response has arrived the transaction keeps only what it still needs: its key, state and timers,
/// the serialised ACK of a non-2xx final (sent again for each retransmission of it), and its handler only while 2xx
/// responses may still be reported (Accepted). <see cref="Request"/> and <see cref="LastResponse"/> are released.</para>
/// </remarks>
public sealed class SipClientTransaction : ITransactionTimerTarget
{
    private const int RetransmitTimer = 0;
    private const int StateTimer = 1;
    private readonly SipTransactionLayer _layer;
    private readonly Lock _gate = new();
    private ISipClientTransactionHandler? _handler;
    private TransactionTimer _retransmitTimer;
    private TransactionTimer _stateTimer;
    private SipClientTransactionState _state;
    private SipRequest? _request;
    private SipResponse? _lastResponse;
    private byte[]? _ack;
    private TimeSpan _retransmitInterval;
    private bool _hasProvisional;
    private bool _cancelRequested;
    private bool _cancelSent;
    private bool _timeoutReported;

    internal SipClientTransaction(SipTransactionLayer layer, SipTransactionKey key, string branch, SipRequest request, SipFlow flow, ISipClientTransactionHandler handler)
    {
        _layer = layer;
        _handler = handler;
        Key = key;
        Branch = branch;
        _request = request;
        Flow = flow;
        IsInvite = request.Method.IsInvite;
        Method = request.Method;
        CallId = request.CallId;
        _state = IsInvite ? SipClientTransactionState.Calling : SipClientTransactionState.Trying;
    }

    /// <summary>The branch of the request's top Via: with the CSeq method, what responses are matched by (RFC 3261 §17.1.3).</summary>
    public string Branch { get; }

    /// <summary>
    /// The request sent (and retransmitted), until a final response arrives; it is released then (see remarks) and
    /// reading it throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public SipRequest Request
    {
        get
        {
            lock (_gate) return _request ?? throw new InvalidOperationException("The transaction has received its final response and released its request.");
        }
    }

    /// <summary>The request's method; kept after the request is released.</summary>
    public SipMethod Method { get; }

    /// <summary>The request's Call-ID; kept after the request is released.</summary>
    public string? CallId { get; }

    /// <summary>The flow the request is sent on.</summary>
    public SipFlow Flow { get; }

    /// <summary>True for an INVITE client transaction.</summary>
    public bool IsInvite { get; }

    /// <summary>The current state.</summary>
    public SipClientTransactionState State
    {
        get
        {
            lock (_gate) return _state;
        }
    }

    /// <summary>
    /// The last provisional response received and accepted by the state machine, or <see langword="null"/> (none yet,
    /// or a final response arrived and the transaction released its messages).
    /// </summary>
    public SipResponse? LastResponse
    {
        get
        {
            lock (_gate) return _lastResponse;
        }
    }

    /// <summary>True once a provisional response arrived (a CANCEL may then be sent, RFC 3261 §9.1).</summary>
    public bool HasProvisional
    {
        get
        {
            lock (_gate) return _hasProvisional;
        }
    }

    /// <summary>True once <see cref="CancelAsync"/> was called or <c>fr_inv_timeout</c> cancelled the branch.</summary>
    public bool IsCancelRequested
    {
        get
        {
            lock (_gate) return _cancelRequested;
        }
    }

    /// <summary>The client transaction of the CANCEL sent for this INVITE, once sent.</summary>
    internal SipClientTransaction? CancelTransaction { get; private set; }

    internal SipTransactionKey Key { get; }

    /// <summary>
    /// Cancels the INVITE (RFC 3261 §9.1): builds a CANCEL (same Request-URI, Call-ID, From, To and CSeq number, only
    /// the top Via, Route copied) and sends it in its own non-INVITE client transaction on the same flow. Sent only
    /// once a provisional response has arrived: when none has yet, the CANCEL goes out when the first one arrives,
    /// and not at all if a final response comes first. If no final response follows within 64*T1 of the CANCEL,
    /// the transaction ends and reports <see cref="ISipClientTransactionHandler.OnTimeoutAsync"/>. Idempotent; a
    /// no-op for non-INVITE transactions. Completes once the CANCEL (if sent now) was handed to the transport.
    /// </summary>
    public Task CancelAsync()
    {
        if (!IsInvite) return Task.CompletedTask;
        lock (_gate)
        {
            if (_cancelRequested) return Task.CompletedTask;
            _cancelRequested = true;
            if (_state != SipClientTransactionState.Proceeding || _cancelSent) return Task.CompletedTask;
            _cancelSent = true;
            _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
        }

        return SendCancel();
    }

    /// <summary>Arms the timers and sends the request; <paramref name="sent"/> completes once it was handed over.</summary>
    internal void Start(out Task sent)
    {
        lock (_gate)
        {
            if (!Flow.Kind.IsReliable())
            {
                _retransmitInterval = _layer.T1;
                _retransmitTimer.Start(_layer.Timers, this, RetransmitTimer, _retransmitInterval);
            }

            // Timer B / F, and fr_timeout: until a final (non-INVITE) or the first provisional (INVITE).
            _stateTimer.Start(_layer.Timers, this, StateTimer, TimeSpanMin(_layer.SixtyFourT1, _layer.FinalResponseTimeout));
        }

        sent = SendRequestAsync();
    }

    /// <summary>A response matched this transaction (RFC 3261 §17.1.3).</summary>
    internal async Task OnResponseAsync(SipResponse response)
    {
        var code = response.StatusCode;
        ISipClientTransactionHandler? handler;
        var report = false;
        var terminate = false;
        var sendCancel = false;
        SipRequest? ack = null;
        SipClientTransactionState ignoredIn = default;
        var ignored = false;
        lock (_gate)
        {
            handler = _handler;
            switch (_state)
            {
                case SipClientTransactionState.Calling or SipClientTransactionState.Trying or SipClientTransactionState.Proceeding:
                    if (code < 200)
                    {
                        _hasProvisional = true;
                        _lastResponse = response;
                        if (_state == SipClientTransactionState.Calling)
                        {
                            // RFC 3261 §17.1.1.2: Proceeding, no more retransmissions. Timer B and fr_timeout give way
                            // to fr_inv_timeout, started once, at the first provisional (restart_fr_on_each_reply=0).
                            _retransmitTimer.Stop();
                            if (_cancelRequested && !_cancelSent)
                            {
                                _cancelSent = true;
                                sendCancel = true;
                                _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                            }
                            else if (!_cancelSent)
                            {
                                _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.InviteFinalResponseTimeout);
                            }
                        }

                        _state = SipClientTransactionState.Proceeding;
                        report = !_timeoutReported;
                    }
                    else if (IsInvite && code < 300)
                    {
                        // RFC 6026 §7.2: Accepted; Timer M = 64*T1; the ACK for a 2xx is the UAC's, not ours.
                        _state = SipClientTransactionState.Accepted;
                        _retransmitTimer.Stop();
                        _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                        report = true;
                        ReleaseLocked(keepHandler: true);
                    }
                    else
                    {
                        _state = SipClientTransactionState.Completed;
                        _retransmitTimer.Stop();
                        if (IsInvite)
                        {
                            ack = BuildAck(response);
                            _ack = ack?.ToArray();
                        }

                        // Timer D (INVITE) or K (non-INVITE): zero on reliable flows.
                        if (Flow.Kind.IsReliable()) terminate = true;
                        else _stateTimer.Start(_layer.Timers, this, StateTimer, IsInvite ? _layer.TimerD : _layer.T4);
                        report = !_timeoutReported;
                        ReleaseLocked(keepHandler: false);
                    }

                    break;

                case SipClientTransactionState.Completed:
                    // A retransmitted final: absorbed, and for INVITE ACKed again (RFC 3261 §17.1.1.2).
                    if (IsInvite && code >= 300 && _ack is { } bytes) ack = Parsing.SipMessageParser.Parse(bytes).Request;
                    break;

                case SipClientTransactionState.Accepted when code is >= 200 and < 300:
                    report = true;
                    break;

                default:
                    ignored = true;
                    ignoredIn = _state;
                    break;
            }

            if (terminate) TerminateLocked();
        }

        if (ignored)
        {
            SipTransactionLog.ClientResponseIgnored(_layer.Logger, Branch, code, ignoredIn);
            return;
        }

        if (ack is not null) await _layer.SendAsync(Flow, ack).ConfigureAwait(false);
        if (terminate) _layer.OnTerminated(this);
        if (sendCancel) await SendCancel().ConfigureAwait(false);
        if (!report || handler is null) return;
        try
        {
            await handler.OnResponseAsync(this, response).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(_layer.Logger, nameof(ISipClientTransactionHandler.OnResponseAsync), e);
        }
    }

    /// <summary>Ends the transaction without reporting anything (the layer is being disposed).</summary>
    internal void Abandon()
    {
        lock (_gate)
        {
            if (_state == SipClientTransactionState.Terminated) return;
            TerminateLocked();
        }

        _layer.OnTerminated(this);
    }

    private SipRequest? BuildAck(SipResponse response)
    {
        try
        {
            return TransactionRequests.CreateAck(_request!, response);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            SipTransactionLog.BuildFailed(_layer.Logger, Branch, "ACK", e);
            return null;
        }
    }

    private Task SendCancel()
    {
        SipRequest cancel;
        try
        {
            SipRequest? request;
            lock (_gate) request = _request;
            if (request is null) return Task.CompletedTask;
            cancel = TransactionRequests.CreateCancel(request);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            SipTransactionLog.BuildFailed(_layer.Logger, Branch, "CANCEL", e);
            return Task.CompletedTask;
        }

        try
        {
            CancelTransaction = _layer.StartClientTransactionCore(cancel, Flow, NullClientTransactionHandler.Instance, out var sent);
            return sent;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or ObjectDisposedException)
        {
            SipTransactionLog.BuildFailed(_layer.Logger, Branch, "CANCEL", e);
            return Task.CompletedTask;
        }
    }

    private async Task SendRequestAsync()
    {
        SipRequest? request;
        lock (_gate) request = _request;
        if (request is null || await _layer.SendAsync(Flow, request).ConfigureAwait(false)) return;

        // RFC 3261 §17.1.4: a transport failure terminates the transaction and is reported to the TU.
        ISipClientTransactionHandler? handler;
        lock (_gate)
        {
            if (_state == SipClientTransactionState.Terminated) return;
            handler = _handler;
            TerminateLocked();
        }

        _layer.OnTerminated(this);
        SipTransactionLog.ClientTransportError(_layer.Logger, Branch, Flow);
        try
        {
            if (handler is not null) await handler.OnTransportErrorAsync(this).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(_layer.Logger, nameof(ISipClientTransactionHandler.OnTransportErrorAsync), e);
        }
    }

    /// <inheritdoc />
    void ITransactionTimerTarget.OnTimer(int timer, int generation)
    {
        if (timer == RetransmitTimer) OnRetransmitTimer(generation);
        else OnStateTimer(generation);
    }

    // Timer A (INVITE: doubling) and Timer E (non-INVITE: doubling up to T2; T2 once Proceeding).
    private void OnRetransmitTimer(int generation)
    {
        lock (_gate)
        {
            if (!_retransmitTimer.IsCurrent(generation)) return;
            if (IsInvite)
            {
                if (_state != SipClientTransactionState.Calling) return;
                _retransmitInterval += _retransmitInterval;
            }
            else
            {
                if (_state is not (SipClientTransactionState.Trying or SipClientTransactionState.Proceeding)) return;
                _retransmitInterval = _state == SipClientTransactionState.Proceeding
                    ? _layer.T2
                    : TimeSpanMin(_retransmitInterval + _retransmitInterval, _layer.T2);
            }

            _retransmitTimer.Start(_layer.Timers, this, RetransmitTimer, _retransmitInterval);
        }

        _ = SendRequestAsync();
    }

    // Timers B, F, D, K, M, fr_timeout, fr_inv_timeout and the 64*T1 wait after a CANCEL.
    private void OnStateTimer(int generation)
    {
        var terminate = false;
        var report = false;
        var sendCancel = false;
        SipClientTransactionState state;
        ISipClientTransactionHandler? handler;
        lock (_gate)
        {
            if (!_stateTimer.IsCurrent(generation)) return;
            state = _state;
            handler = _handler;
            switch (_state)
            {
                case SipClientTransactionState.Calling or SipClientTransactionState.Trying:
                case SipClientTransactionState.Proceeding when !IsInvite:
                    // Timer B / F or fr_timeout: no final in time (the proxy answers 408, RFC 3261 §16.8).
                    terminate = true;
                    report = !_timeoutReported;
                    break;

                case SipClientTransactionState.Proceeding when !_cancelSent:
                    // fr_inv_timeout: cancel the branch, report the timeout now, wait 64*T1 more for the final (487).
                    _cancelRequested = true;
                    _cancelSent = true;
                    sendCancel = true;
                    report = true;
                    _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                    break;

                case SipClientTransactionState.Proceeding:
                    // RFC 3261 §9.1: no final 64*T1 after the CANCEL: the transaction is destroyed.
                    terminate = true;
                    report = !_timeoutReported;
                    break;

                default:
                    // Timers D, K and M: the transaction just ends.
                    terminate = true;
                    break;
            }

            if (report) _timeoutReported = true;
            if (terminate) TerminateLocked();
        }

        if (terminate) _layer.OnTerminated(this);
        if (report) SipTransactionLog.ClientTimeout(_layer.Logger, Branch, state);
        if (sendCancel || report) _ = ReportTimeoutAsync(sendCancel, report ? handler : null);
    }

    private async Task ReportTimeoutAsync(bool sendCancel, ISipClientTransactionHandler? report)
    {
        if (sendCancel) await SendCancel().ConfigureAwait(false);
        if (report is null) return;
        try
        {
            await report.OnTimeoutAsync(this).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(_layer.Logger, nameof(ISipClientTransactionHandler.OnTimeoutAsync), e);
        }
    }

    private void TerminateLocked()
    {
        _state = SipClientTransactionState.Terminated;
        _retransmitTimer.Stop();
        _stateTimer.Stop();

        // The request stays readable (e.g. by a handler told of a timeout); the layer no longer references the transaction.
        _ack = null;
        _handler = null;
        CancelTransaction = null;
    }

    /// <summary>Lets go of what the transaction no longer needs once it has a final response (see remarks).</summary>
    private void ReleaseLocked(bool keepHandler)
    {
        _request = null;
        _lastResponse = null;
        CancelTransaction = null;
        if (!keepHandler) _handler = null;
    }

    private static TimeSpan TimeSpanMin(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

using System.Diagnostics.CodeAnalysis;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2 with RFC 6026 §7.1): the request that created it, the flow its responses go
/// back on, and the state machine that absorbs retransmissions, retransmits final responses on UDP (Timer G),
/// absorbs the ACK of a non-2xx final (Timers H, I) and lingers to absorb late retransmissions (Timers J, L).
/// </summary>
/// <remarks>
/// <para>Thread-safe: responses from the transaction user, retransmitted requests and timers may race.</para>
/// <para>Once it has sent its final response the transaction keeps only what it still needs — its key, state and
/// timers, and the serialised final response (retransmitted by Timer G and to request retransmissions) — and lets go
/// of the parsed request and responses: <see cref="Request"/> is then no longer available, and
/// <see cref="LastResponse"/> and <see cref="CreateResponse"/> work from the serialised final.</para>
/// <para>Safety net for a transaction user that never answers: a non-INVITE transaction with no final response
/// after 64*T1 (when the client has given up, Timer F) is destroyed; an INVITE transaction with none after
/// <see cref="SipTransactionOptions.FinalResponseTimeout"/> + <see cref="SipTransactionOptions.InviteFinalResponseTimeout"/>
/// + 64*T1 (longer than any branch of the proxy can take) is answered 500.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The transaction owns its lifetime: the CancellationTokenSource is disposed when it terminates.")]
public sealed class SipServerTransaction : ITransactionTimerTarget
{
    private const int RetransmitTimer = 0;
    private const int StateTimer = 1;

    private readonly SipTransactionLayer _layer;
    private readonly Lock _gate = new();
    private TransactionTimer _retransmitTimer;
    private TransactionTimer _stateTimer;
    private readonly CancellationTokenSource? _cancellation;
    private readonly CancellationToken _cancelled;
    private string? _id;
    private string? _localTag;
    private SipServerTransactionState _state;
    private SipRequest? _request;
    private SipResponse? _lastResponse;
    private byte[]? _final;
    private string? _finalToTag;
    private TimeSpan _retransmitInterval;
    private bool _cancelRequested;

    internal SipServerTransaction(SipTransactionLayer layer, SipTransactionKey key, SipRequest request, SipFlow flow, string? localTag = null)
    {
        _layer = layer;
        Key = key;
        _request = request;
        Flow = flow;
        IsInvite = request.Method.IsInvite;
        Method = request.Method;
        CallId = request.CallId;
        _state = IsInvite ? SipServerTransactionState.Proceeding : SipServerTransactionState.Trying;
        _localTag = localTag;
        if (IsInvite)
        {
            _cancellation = new CancellationTokenSource();
            _cancelled = _cancellation.Token;
        }

        // The safety net (see remarks): started now, replaced by the state timers of the final response.
        _stateTimer.Start(layer.Timers, this, StateTimer, IsInvite ? layer.InviteNoFinalTimeout : layer.SixtyFourT1);
    }

    /// <summary>
    /// The matching key as text: <c>branch;sent-by;method</c> for RFC 3261 requests, or the RFC 2543 tuple
    /// (Request-URI, Call-ID, CSeq number, From tag, To tag, top Via, method) for requests without a magic-cookie branch.
    /// </summary>
    public string Id => _id ??= Key.ToString();

    /// <summary>
    /// The request that created the transaction, until the transaction has sent its final response; it is released
    /// then (see remarks), and reading it throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public SipRequest Request
    {
        get
        {
            lock (_gate) return _request ?? throw new InvalidOperationException("The transaction has sent its final response and released its request.");
        }
    }

    /// <summary>The request's method; kept after the request is released.</summary>
    public SipMethod Method { get; }

    /// <summary>The request's Call-ID; kept after the request is released.</summary>
    public string? CallId { get; }

    /// <summary>The flow the request arrived on; responses go back on it (RFC 3261 §18.2.2).</summary>
    public SipFlow Flow { get; }

    /// <summary>True for an INVITE server transaction.</summary>
    public bool IsInvite { get; }

    /// <summary>The current state.</summary>
    public SipServerTransactionState State
    {
        get
        {
            lock (_gate) return _state;
        }
    }

    /// <summary>
    /// Cancelled when a CANCEL matched this INVITE transaction before it sent a final response (RFC 3261 §9.2); the
    /// layer has then answered the CANCEL with 200 and called <see cref="ISipTransactionUser.OnCancelAsync"/>. Never
    /// cancelled for a non-INVITE transaction.
    /// </summary>
    public CancellationToken Cancelled => _cancelled;

    /// <summary>
    /// The last response sent (provisional or final), or <see langword="null"/> when none has been. After the final
    /// response this is a new copy parsed from the serialised final on each read.
    /// </summary>
    public SipResponse? LastResponse
    {
        get
        {
            byte[]? final;
            lock (_gate)
            {
                if (_final is null) return _lastResponse;
                final = _final;
            }

            return ParseFinal(final);
        }
    }

    /// <summary>
    /// The To tag <see cref="CreateResponse"/> adds when the request had none: random, created on first use and
    /// the same for every response of this transaction (and for the 200 to a CANCEL of it, RFC 3261 §9.2).
    /// </summary>
    public string LocalTag
    {
        get
        {
            lock (_gate) return _localTag ??= SipTags.NewTag();
        }
    }

    internal SipTransactionKey Key { get; }

    /// <summary>The proxy's response context for this request while it relays it (cleared by the proxy when it is done).</summary>
    internal object? RelayState { get; set; }

    /// <summary>
    /// Creates a response to <see cref="Request"/> (<see cref="SipResponse.CreateFor"/>: Via, From, To, Call-ID and
    /// CSeq copied) and, above 100, adds <see cref="LocalTag"/> as the To tag when the request had none
    /// (RFC 3261 §8.2.6.2). The response is not sent: pass it to <see cref="SendResponseAsync"/>.
    /// </summary>
    /// <remarks>
    /// After the final response (when the request has been released) the Via, From, To, Call-ID and CSeq fields are
    /// copied from the serialised final instead, so its To tag is the final's.
    /// </remarks>
    public SipResponse CreateResponse(int statusCode, string reasonPhrase)
    {
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        SipRequest? request;
        byte[]? final;
        lock (_gate)
        {
            request = _request;
            final = _final;
        }

        var response = request is not null ? SipResponse.CreateFor(request, statusCode, reasonPhrase) : CreateFromFinal(final!, statusCode, reasonPhrase);
        if (statusCode > 100 && response.To is { } to && to.Tag is null)
        {
            to.Tag = LocalTag;
            response.SetTo(to);
        }

        return response;
    }

    /// <summary>
    /// Sends <paramref name="response"/> on <see cref="Flow"/> and drives the state machine: a provisional keeps the
    /// transaction Proceeding; a final moves it to Completed (Timers G and H for INVITE on UDP, J for non-INVITE), a
    /// 2xx to an INVITE to Accepted (Timer L, RFC 6026). After a final response further responses are ignored and
    /// logged, except that in Accepted every 2xx is passed through (retransmissions and other forks' 2xx).
    /// Completes when the response has been handed to the transport; never throws for network errors.
    /// </summary>
    public async Task SendResponseAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var code = response.StatusCode;
        var terminate = false;
        var ignoredIn = (SipServerTransactionState?)null;
        lock (_gate)
        {
            switch (_state)
            {
                case SipServerTransactionState.Trying or SipServerTransactionState.Proceeding:
                    if (code < 200)
                    {
                        _lastResponse = response;
                        _state = SipServerTransactionState.Proceeding;
                        break;
                    }

                    // Final: keep the serialised response, let go of the parsed messages (see remarks).
                    _final = response.ToArray();
                    if (Key.IsRfc2543) _finalToTag = response.To?.Tag;
                    _request = null;
                    _lastResponse = null;
                    if (IsInvite && code < 300)
                    {
                        // RFC 6026 §7.1: Accepted, Timer L absorbs INVITE retransmissions and lets 2xx through.
                        _state = SipServerTransactionState.Accepted;
                        _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                    }
                    else if (IsInvite)
                    {
                        // RFC 3261 §17.2.1: Completed; Timer G retransmits on unreliable flows, Timer H waits for the ACK.
                        _state = SipServerTransactionState.Completed;
                        if (!Flow.Kind.IsReliable())
                        {
                            _retransmitInterval = _layer.T1;
                            _retransmitTimer.Start(_layer.Timers, this, RetransmitTimer, _retransmitInterval);
                        }

                        _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                    }
                    else
                    {
                        // RFC 3261 §17.2.2: Completed; Timer J = 64*T1 on unreliable flows, 0 on reliable ones.
                        _state = SipServerTransactionState.Completed;
                        if (Flow.Kind.IsReliable()) terminate = true;
                        else _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.SixtyFourT1);
                    }

                    break;

                case SipServerTransactionState.Accepted when code is >= 200 and < 300:
                    break;

                default:
                    ignoredIn = _state;
                    break;
            }
        }

        if (ignoredIn is { } state)
        {
            SipTransactionLog.ResponseIgnored(_layer.Logger, Id, code, state);
            return;
        }

        _layer.Metrics?.ResponseSent(code);
        await _layer.SendAsync(Flow, response).ConfigureAwait(false);
        if (terminate) Terminate();
    }

    /// <summary>A retransmission of the request arrived: re-send the last response where the state calls for it.</summary>
    internal ValueTask<bool> OnRetransmissionAsync()
    {
        SipResponse? resend = null;
        byte[]? final = null;
        lock (_gate)
        {
            // Trying absorbs (nothing sent yet); Proceeding re-sends the provisional; Completed the final;
            // Confirmed and Accepted absorb (RFC 3261 §17.2.1, §17.2.2; RFC 6026 §7.1).
            if (_state == SipServerTransactionState.Proceeding) resend = _lastResponse;
            else if (_state == SipServerTransactionState.Completed) final = _final;
        }

        if (final is not null) resend = ParseFinal(final);
        return resend is null ? ValueTask.FromResult(false) : _layer.SendAsync(Flow, resend);
    }

    /// <summary>An ACK matched this INVITE transaction.</summary>
    internal ServerAckOutcome OnAck()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case SipServerTransactionState.Completed:
                    // RFC 3261 §17.2.1: Confirmed; Timer I = T4 on unreliable flows, 0 on reliable ones.
                    _state = SipServerTransactionState.Confirmed;
                    _retransmitTimer.Stop();
                    if (!Flow.Kind.IsReliable())
                    {
                        _stateTimer.Start(_layer.Timers, this, StateTimer, _layer.T4);
                        return ServerAckOutcome.Absorbed;
                    }

                    break;
                case SipServerTransactionState.Confirmed:
                    return ServerAckOutcome.Absorbed;
                case SipServerTransactionState.Accepted or SipServerTransactionState.Terminated:
                    return ServerAckOutcome.PassUp;
                default:
                    return ServerAckOutcome.Drop;
            }
        }

        Terminate();
        return ServerAckOutcome.Absorbed;
    }

    /// <summary>
    /// A CANCEL matched this transaction: cancels <see cref="Cancelled"/> when it is an INVITE still waiting for its
    /// final response. Returns whether it did (only then is the transaction user told).
    /// </summary>
    internal bool TryCancel()
    {
        lock (_gate)
        {
            if (!IsInvite || _state != SipServerTransactionState.Proceeding || _cancelRequested) return false;
            _cancelRequested = true;
        }

        try
        {
            _cancellation!.Cancel();
        }
        catch (AggregateException e)
        {
            SipTransactionLog.UserFailed(_layer.Logger, nameof(Cancelled), e);
        }
        catch (ObjectDisposedException)
        {
            // Terminated meanwhile: there is nothing left to cancel.
            return false;
        }

        return true;
    }

    /// <summary>The To tag of the final response sent, for matching an RFC 2543 ACK (RFC 3261 §17.2.3).</summary>
    internal string? FinalResponseToTag
    {
        get
        {
            lock (_gate) return _finalToTag;
        }
    }

    /// <summary>Ends the transaction now: timers stopped, removed from the layer.</summary>
    internal void Terminate()
    {
        lock (_gate)
        {
            if (_state == SipServerTransactionState.Terminated) return;
            _state = SipServerTransactionState.Terminated;
            _retransmitTimer.Stop();
            _stateTimer.Stop();
            RelayState = null;
        }

        // Tokens already handed out keep working (a disposed source reports its state and ignores new registrations).
        _cancellation?.Dispose();
        _layer.OnTerminated(this);
    }

    /// <inheritdoc />
    void ITransactionTimerTarget.OnTimer(int timer, int generation)
    {
        if (timer == RetransmitTimer) OnRetransmitTimer(generation);
        else OnStateTimer(generation);
    }

    private static SipResponse? ParseFinal(byte[] final) => Parsing.SipMessageParser.Parse(final).Response;

    private static SipResponse CreateFromFinal(byte[] final, int statusCode, string reasonPhrase)
    {
        var response = new SipResponse(statusCode, reasonPhrase);
        if (ParseFinal(final) is { } parsed)
        {
            var headers = parsed.Headers;
            for (var i = 0; i < headers.Count; i++)
            {
                var id = headers.GetId(i);
                if (id is SipHeaderId.Via or SipHeaderId.From or SipHeaderId.To or SipHeaderId.CallId or SipHeaderId.CSeq)
                {
                    response.Headers.Add(SipHeaderNames.GetName(id), headers.GetValue(i));
                }
            }
        }

        response.Headers.Add(SipHeaderNames.GetName(SipHeaderId.ContentLength), "0");
        return response;
    }

    // Timer G (RFC 3261 §17.2.1): re-send the final, doubling the interval up to T2.
    private void OnRetransmitTimer(int generation)
    {
        byte[]? final;
        lock (_gate)
        {
            if (!_retransmitTimer.IsCurrent(generation) || _state != SipServerTransactionState.Completed) return;
            final = _final;
            _retransmitInterval = TimeSpanMin(_retransmitInterval + _retransmitInterval, _layer.T2);
            _retransmitTimer.Start(_layer.Timers, this, RetransmitTimer, _retransmitInterval);
        }

        if (final is not null && ParseFinal(final) is { } resend) _layer.SendInBackground(Flow, resend);
    }

    // Timers H, I, J and L end the transaction; before a final, the safety net (see remarks).
    private void OnStateTimer(int generation)
    {
        SipServerTransactionState state;
        lock (_gate)
        {
            if (!_stateTimer.IsCurrent(generation)) return;
            state = _state;
        }

        if (state is SipServerTransactionState.Trying or SipServerTransactionState.Proceeding)
        {
            SipTransactionLog.NoFinalResponse(_layer.Logger, Id, state);
            if (IsInvite)
            {
                _ = SendResponseAsync(CreateResponse(500, "Server Internal Error"));
                return;
            }
        }

        if (IsInvite && state == SipServerTransactionState.Completed) SipTransactionLog.NoAck(_layer.Logger, Id);
        Terminate();
    }

    private static TimeSpan TimeSpanMin(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Transactions;

/// <summary>
/// The transaction layer (RFC 3261 §17, with RFC 6026's corrections) between the transports and the proxy core:
/// inbound requests create or match server transactions, inbound responses match client transactions, ACK and
/// CANCEL are matched to their INVITE, and every timer runs on the injected <see cref="System.TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>Requests: a retransmission gets the last response again; a new request creates a
/// <see cref="SipServerTransaction"/> (INVITE: 100 Trying at once when <see cref="SipTransactionOptions.AutoTrying"/>)
/// and goes to <see cref="ISipTransactionUser.OnRequestAsync"/>. Beyond
/// <see cref="SipTransactionOptions.MaxTransactions"/> a new request is answered 503 statelessly. The ACK of a
/// non-2xx final is absorbed; other ACKs go to <see cref="ISipTransactionUser.OnAckAsync"/>. A CANCEL that matches an
/// INVITE transaction (RFC 3261 §9.2) is answered 200 in a server transaction of its own and reported with
/// <see cref="ISipTransactionUser.OnCancelAsync"/>; one that matches nothing is answered 481 and not passed up.</para>
/// <para>Responses: matched by top Via branch and CSeq method (RFC 3261 §17.1.3) to a
/// <see cref="SipClientTransaction"/>; unmatched ones go to <see cref="ISipTransactionUser.OnStrayResponseAsync"/>.</para>
/// <para>Nothing escapes <see cref="OnMessageAsync"/>: failures of the transaction user are caught and logged.</para>
/// </remarks>
public sealed class SipTransactionLayer : ISipMessageHandler, IDisposable
{
    private static readonly TimeSpan MinimumTimerD = TimeSpan.FromSeconds(32);

    private readonly ConcurrentDictionary<SipTransactionKey, SipServerTransaction> _servers = new();
    private readonly ConcurrentDictionary<SipTransactionKey, SipClientTransaction> _clients = new();
    private readonly ISipTransactionUser _user;
    private readonly bool _autoTrying;
    private readonly int _maxTransactions;
    private int _serverCount;
    private int _clientCount;
    private volatile bool _disposed;

    /// <summary>Creates the layer. <paramref name="options"/> are validated and read once.</summary>
    public SipTransactionLayer(ISipTransactionUser user, TimeProvider timeProvider, SipTransactionOptions options, ILogger<SipTransactionLayer> logger)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _user = user;
        TimeProvider = timeProvider;
        Logger = logger;
        T1 = options.T1;
        T2 = options.T2;
        T4 = options.T4;
        SixtyFourT1 = options.T1 * 64;
        TimerD = SixtyFourT1 > MinimumTimerD ? SixtyFourT1 : MinimumTimerD;
        FinalResponseTimeout = options.FinalResponseTimeout;
        InviteFinalResponseTimeout = options.InviteFinalResponseTimeout;
        InviteNoFinalTimeout = FinalResponseTimeout + InviteFinalResponseTimeout + SixtyFourT1;
        _autoTrying = options.AutoTrying;
        _maxTransactions = options.MaxTransactions;
        Timers = new TransactionTimerQueue(timeProvider, logger);
    }

    /// <summary>Server transactions alive (not yet terminated).</summary>
    public int ServerTransactionCount => Volatile.Read(ref _serverCount);

    /// <summary>Client transactions alive (not yet terminated), the layer's own CANCEL transactions included.</summary>
    public int ClientTransactionCount => Volatile.Read(ref _clientCount);

    internal TimeProvider TimeProvider { get; }

    /// <summary>Counts messages and transactions when set (by <c>UsePipeline</c>).</summary>
    internal Diagnostics.SipMetrics? Metrics { get; set; }

    internal ILogger Logger { get; }

    internal TimeSpan T1 { get; }

    internal TimeSpan T2 { get; }

    internal TimeSpan T4 { get; }

    /// <summary>64*T1: Timers B, F, H, J (UDP), L, M, and the wait for a final after a CANCEL.</summary>
    internal TimeSpan SixtyFourT1 { get; }

    /// <summary>Timer D on unreliable flows: at least 32 s (RFC 3261 §17.1.1.2), and never shorter than 64*T1.</summary>
    internal TimeSpan TimerD { get; }

    internal TimeSpan FinalResponseTimeout { get; }

    internal TimeSpan InviteFinalResponseTimeout { get; }

    /// <summary>How long an INVITE server transaction may go without a final response before it answers 500 itself.</summary>
    internal TimeSpan InviteNoFinalTimeout { get; }

    /// <summary>Every timer of every transaction of this layer.</summary>
    internal TransactionTimerQueue Timers { get; }

    /// <summary>
    /// Handles one inbound, already validated message (see <see cref="SipMessageReceiver"/>). Never throws for
    /// anything a peer sends or the transaction user does: failures are logged.
    /// </summary>
    public async ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(message);
        if (_disposed) return;
        Metrics?.MessageReceived(message);
        try
        {
            if (message is SipRequest request) await OnRequestAsync(flow, request).ConfigureAwait(false);
            else if (message is SipResponse response) await OnResponseAsync(flow, response).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.MessageFailed(Logger, flow, e);
        }
    }

    /// <summary>
    /// Starts a client transaction for <paramref name="request"/> and sends it on <paramref name="flow"/> now. The
    /// caller has pushed the request's top Via; its branch (which should begin with the magic cookie) and the method
    /// identify the transaction. The send is not awaited here: a failure is reported through
    /// <see cref="ISipClientTransactionHandler.OnTransportErrorAsync"/>, possibly before this method returns.
    /// </summary>
    /// <exception cref="ArgumentException">The request is an ACK, or its top Via has no branch.</exception>
    /// <exception cref="InvalidOperationException">A client transaction with this branch and method is alive.</exception>
    public SipClientTransaction StartClientTransaction(SipRequest request, SipFlow flow, ISipClientTransactionHandler handler) =>
        StartClientTransactionCore(request, flow, handler, out _);

    /// <summary>
    /// Finds the server transaction <paramref name="request"/> belongs to (RFC 3261 §17.2.3, with the RFC 2543
    /// fallback for requests without a magic-cookie branch): for an ACK, the INVITE transaction it acknowledges; for
    /// a CANCEL, the INVITE transaction it cancels (§9.2); for any other request, its own transaction (if it is a
    /// retransmission). Terminated transactions are not found.
    /// </summary>
    public bool TryGetServerTransaction(SipRequest request, [NotNullWhen(true)] out SipServerTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(request);
        transaction = null;
        SipServerTransaction? found;
        if (request.Method.IsAck) found = FindInviteForAck(request);
        else if (request.Method.IsCancel) found = FindInviteForCancel(request);
        else found = SipTransactionKey.TryCreateForServer(request, request.Method.Name, true, out var key) && _servers.TryGetValue(key, out var tx) ? tx : null;
        if (found is null || found.State == SipServerTransactionState.Terminated) return false;
        transaction = found;
        return true;
    }

    /// <summary>Finds a live client transaction by the branch of its top Via and its method.</summary>
    public bool TryGetClientTransaction(string branch, SipMethod method, [NotNullWhen(true)] out SipClientTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return _clients.TryGetValue(SipTransactionKey.ForClient(branch, method.Name), out transaction);
    }

    /// <summary>
    /// Up to <paramref name="max"/> live server transactions, in no particular order: a weakly consistent read for
    /// management views, not for per-message paths.
    /// </summary>
    public IReadOnlyList<SipServerTransaction> GetServerTransactions(int max)
    {
        var list = new List<SipServerTransaction>(Math.Min(Math.Max(max, 0), 256));
        foreach (var pair in _servers)
        {
            if (list.Count >= max) break;
            list.Add(pair.Value);
        }

        return list;
    }

    /// <summary>Up to <paramref name="max"/> live client transactions, in no particular order (see <see cref="GetServerTransactions"/>).</summary>
    public IReadOnlyList<SipClientTransaction> GetClientTransactions(int max)
    {
        var list = new List<SipClientTransaction>(Math.Min(Math.Max(max, 0), 256));
        foreach (var pair in _clients)
        {
            if (list.Count >= max) break;
            list.Add(pair.Value);
        }

        return list;
    }

    /// <summary>Terminates every transaction (timers stopped, nothing reported) and ignores later messages.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var pair in _servers) pair.Value.Terminate();
        foreach (var pair in _clients) pair.Value.Abandon();
        Timers.Dispose();
    }

    internal SipClientTransaction StartClientTransactionCore(SipRequest request, SipFlow flow, ISipClientTransactionHandler handler, out Task sent)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.Method.IsAck) throw new ArgumentException("An ACK has no client transaction: send it directly on the flow.", nameof(request));
        var branch = request.TopVia?.Branch;
        if (string.IsNullOrEmpty(branch)) throw new ArgumentException("The request's top Via has no branch parameter.", nameof(request));

        var key = SipTransactionKey.ForClient(branch, request.Method.Name);
        var transaction = new SipClientTransaction(this, key, branch, request, flow, handler);
        if (!_clients.TryAdd(key, transaction)) throw new InvalidOperationException($"A client transaction with branch '{branch}' and method {request.Method} already exists.");
        Interlocked.Increment(ref _clientCount);
        Metrics?.ClientTransactionCreated(request.Method);
        transaction.Start(out sent);
        return transaction;
    }

    /// <summary>Sends on <paramref name="flow"/>; false (logged) when the transport refused or threw.</summary>
    internal async ValueTask<bool> SendAsync(SipFlow flow, SipMessage message)
    {
        try
        {
            if (await flow.SendAsync(message).ConfigureAwait(false)) return true;
            SipTransactionLog.SendFailed(Logger, flow, null);
        }
        catch (Exception e)
        {
            SipTransactionLog.SendFailed(Logger, flow, e);
        }

        return false;
    }

    /// <summary>Sends from a timer callback without waiting for it.</summary>
    internal void SendInBackground(SipFlow flow, SipMessage message)
    {
        var pending = SendAsync(flow, message);
        if (!pending.IsCompleted) _ = pending.AsTask();
    }

    internal void OnTerminated(SipServerTransaction transaction)
    {
        if (_servers.TryRemove(KeyValuePair.Create(transaction.Key, transaction))) Interlocked.Decrement(ref _serverCount);
    }

    internal void OnTerminated(SipClientTransaction transaction)
    {
        if (_clients.TryRemove(KeyValuePair.Create(transaction.Key, transaction))) Interlocked.Decrement(ref _clientCount);
    }

    private async Task OnRequestAsync(SipFlow flow, SipRequest request)
    {
        if (request.Method.IsAck)
        {
            await OnAckAsync(flow, request).ConfigureAwait(false);
            return;
        }

        if (!SipTransactionKey.TryCreateForServer(request, request.Method.Name, true, out var key))
        {
            SipTransactionLog.Unidentifiable(Logger, flow);
            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            await existing.OnRetransmissionAsync().ConfigureAwait(false);
            return;
        }

        if (request.Method.IsCancel)
        {
            await OnCancelAsync(flow, request, key).ConfigureAwait(false);
            return;
        }

        if (ServerTransactionCount + ClientTransactionCount >= _maxTransactions)
        {
            SipTransactionLog.LimitReached(Logger, _maxTransactions, request.Method.Name, flow);
            await ReplyStatelessAsync(flow, request, 503, "Service Unavailable").ConfigureAwait(false);
            return;
        }

        var transaction = new SipServerTransaction(this, key, request, flow);
        if (!TryAdd(transaction, out existing))
        {
            await existing.OnRetransmissionAsync().ConfigureAwait(false);
            return;
        }

        // RFC 3261 §16.2 / §17.2.1: a stateful proxy answers an INVITE with 100 Trying at once.
        if (transaction.IsInvite && _autoTrying) await transaction.SendResponseAsync(transaction.CreateResponse(100, "Trying")).ConfigureAwait(false);

        try
        {
            await _user.OnRequestAsync(transaction).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(Logger, nameof(ISipTransactionUser.OnRequestAsync), e);
        }
    }

    private async Task OnAckAsync(SipFlow flow, SipRequest ack)
    {
        var invite = FindInviteForAck(ack);
        if (invite is not null)
        {
            var outcome = invite.OnAck();
            if (outcome == ServerAckOutcome.Absorbed) return;
            if (outcome == ServerAckOutcome.Drop)
            {
                SipTransactionLog.AckDropped(Logger, invite.Id, invite.State);
                return;
            }
        }

        // The ACK of a 2xx (end to end, RFC 3261 §17.2.1 / RFC 6026) or one that matches nothing.
        try
        {
            await _user.OnAckAsync(flow, ack).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(Logger, nameof(ISipTransactionUser.OnAckAsync), e);
        }
    }

    private async Task OnCancelAsync(SipFlow flow, SipRequest cancel, SipTransactionKey key)
    {
        // RFC 3261 §9.2: the CANCEL matches the transaction it cancels by the §17.2.3 rules, method aside.
        if (!_servers.TryGetValue(key.WithMethod("INVITE"), out var invite) || invite.State == SipServerTransactionState.Terminated)
        {
            SipTransactionLog.UnmatchedCancel(Logger, flow);
            await ReplyStatelessAsync(flow, cancel, 481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        // The CANCEL gets a non-INVITE transaction of its own (its retransmissions get the 200 again), answered
        // with the INVITE transaction's To tag (§9.2: the two responses SHOULD carry the same tag).
        var transaction = new SipServerTransaction(this, key, cancel, flow, invite.LocalTag);
        if (!TryAdd(transaction, out var existing))
        {
            await existing.OnRetransmissionAsync().ConfigureAwait(false);
            return;
        }

        await transaction.SendResponseAsync(transaction.CreateResponse(200, "OK")).ConfigureAwait(false);
        if (!invite.TryCancel()) return;
        try
        {
            await _user.OnCancelAsync(invite, cancel).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(Logger, nameof(ISipTransactionUser.OnCancelAsync), e);
        }
    }

    private async Task OnResponseAsync(SipFlow flow, SipResponse response)
    {
        // RFC 3261 §17.1.3: top Via branch and CSeq method.
        if (response.TopVia?.Branch is { } branch && response.CSeq is { } cseq
            && _clients.TryGetValue(SipTransactionKey.ForClient(branch, cseq.Method), out var transaction))
        {
            await transaction.OnResponseAsync(response).ConfigureAwait(false);
            return;
        }

        try
        {
            await _user.OnStrayResponseAsync(flow, response).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SipTransactionLog.UserFailed(Logger, nameof(ISipTransactionUser.OnStrayResponseAsync), e);
        }
    }

    private SipServerTransaction? FindInviteForAck(SipRequest ack)
    {
        if (!SipTransactionKey.TryCreateForServer(ack, "INVITE", true, out var key)) return null;
        if (!key.IsRfc2543) return _servers.TryGetValue(key, out var tx) ? tx : null;

        // RFC 3261 §17.2.3 (RFC 2543 rules): Request-URI, From tag, Call-ID, CSeq number and top Via as in the
        // INVITE, and the To tag of the ACK equal to the To tag of the response the transaction sent. The INVITE
        // carried no To tag unless it was sent inside a dialog, in which case the ACK carries that same tag.
        var toTag = key.ToTag;
        if (toTag is not null && _servers.TryGetValue(key.WithToTag(null), out var initial) && string.Equals(initial.FinalResponseToTag ?? toTag, toTag, StringComparison.Ordinal))
        {
            return initial;
        }

        return _servers.TryGetValue(key, out var inDialog) ? inDialog : null;
    }

    private SipServerTransaction? FindInviteForCancel(SipRequest cancel) =>
        SipTransactionKey.TryCreateForServer(cancel, "INVITE", true, out var key) && _servers.TryGetValue(key, out var tx) ? tx : null;

    private bool TryAdd(SipServerTransaction transaction, [NotNullWhen(false)] out SipServerTransaction? existing)
    {
        while (!_servers.TryAdd(transaction.Key, transaction))
        {
            // Lost a race with a retransmission of the same request: that one owns the transaction.
            if (_servers.TryGetValue(transaction.Key, out existing)) return false;
        }

        Interlocked.Increment(ref _serverCount);
        Metrics?.ServerTransactionCreated();
        existing = null;
        return true;
    }

    private async Task ReplyStatelessAsync(SipFlow flow, SipRequest request, int statusCode, string reasonPhrase)
    {
        var response = SipResponse.CreateFor(request, statusCode, reasonPhrase);
        if (response.To is { } to && to.Tag is null)
        {
            to.Tag = SipTags.NewTag();
            response.SetTo(to);
        }

        Metrics?.ResponseSent(statusCode);
        await SendAsync(flow, response).ConfigureAwait(false);
    }
}

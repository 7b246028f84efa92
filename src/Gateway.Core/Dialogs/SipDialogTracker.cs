using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Proxy;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Dialogs;

/// <summary>
/// The confirmed INVITE dialogs the proxy relays, and ending them — OpenSIPS's dialog module
/// (<c>create_dialog()</c>, <c>dlg_end_dlg</c>) in miniature. <c>app.UseDialogs()</c> puts the tracking in the
/// pipeline: an initial INVITE whose 2xx passes a record-routing proxy creates a dialog (first 2xx per Call-ID wins);
/// in-dialog requests keep each party's highest CSeq and, for re-INVITE/UPDATE, its remote target and flow; a BYE ends
/// it, so does a 481 or 408 to an in-dialog request (RFC 5057); a dialog older than <see cref="SipDialogOptions.Lifetime"/> is forgotten. <see cref="EndAsync"/> ends a call
/// from the middle — a BYE to each party in its own dialog state, e.g. when the media relay timed the call out.
/// </summary>
public sealed partial class SipDialogTracker : IDisposable
{
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly SipDialogOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer _sweep;
    private SipProxy? _proxy;
    private SipTransactionLayer? _layer;
    private long _untracked;

    /// <summary>Creates the tracker. The proxy and transaction layer are taken from <paramref name="services"/> when first needed.</summary>
    /// <param name="services">The gateway's services (SipProxy, SipTransactionLayer).</param>
    /// <param name="time">The clock (lifetime).</param>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="logger">The logger.</param>
    public SipDialogTracker(IServiceProvider services, TimeProvider time, SipDialogOptions options, ILogger<SipDialogTracker> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _services = services;
        _time = time;
        _options = options;
        _logger = logger;
        var interval = options.Lifetime < TimeSpan.FromMinutes(4) ? options.Lifetime / 4 : TimeSpan.FromMinutes(1);
        _sweep = time.CreateTimer(static state => ((SipDialogTracker)state!).Sweep(), this, interval, interval);
    }

    /// <summary>Dialogs tracked now.</summary>
    public int Count => _dialogs.Count;

    /// <summary>Confirmed dialogs not tracked because <see cref="SipDialogOptions.MaxDialogs"/> was reached.</summary>
    public long Untracked => Interlocked.Read(ref _untracked);

    /// <summary>Up to <paramref name="max"/> tracked dialogs.</summary>
    /// <param name="max">The most returned.</param>
    /// <returns>The dialogs, in no particular order.</returns>
    public IReadOnlyList<SipDialogInfo> List(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var list = new List<SipDialogInfo>(Math.Min(max, _dialogs.Count));
        foreach (var pair in _dialogs)
        {
            if (list.Count >= max) break;
            list.Add(pair.Value.ToInfo());
        }

        return list;
    }

    /// <summary>The dialog of a Call-ID, when tracked.</summary>
    /// <param name="callId">The Call-ID.</param>
    /// <param name="dialog">The dialog.</param>
    /// <returns>Whether it is tracked.</returns>
    public bool TryGet(string callId, [NotNullWhen(true)] out SipDialogInfo? dialog)
    {
        ArgumentNullException.ThrowIfNull(callId);
        dialog = _dialogs.TryGetValue(callId, out var found) ? found.ToInfo() : null;
        return dialog is not null;
    }

    /// <summary>
    /// Ends the dialog of <paramref name="callId"/>: forgets it, then sends a BYE to each party (Request-URI its
    /// Contact, the route set toward it, From/To/CSeq of the other party's side of the dialog, on the flow it is
    /// reached on) and waits for both answers.
    /// </summary>
    /// <param name="callId">The Call-ID.</param>
    /// <param name="reason">A Reason header value for both BYEs (RFC 3326), e.g. <c>Q.850;cause=102;text="Media timeout"</c>; null for none.</param>
    /// <param name="cancellationToken">Stops waiting for the answers (the BYEs are sent regardless).</param>
    /// <returns>What each party answered.</returns>
    public async Task<SipDialogEndResult> EndAsync(string callId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        if (reason is not null && (reason.Contains('\r', StringComparison.Ordinal) || reason.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A Reason value is one line.", nameof(reason));
        }

        if (!_dialogs.TryRemove(callId, out var dialog)) return new SipDialogEndResult(false, 0, 0);
        var toCaller = SendByeAsync(dialog, dialog.Caller, dialog.Callee, reason, cancellationToken);
        var toCallee = SendByeAsync(dialog, dialog.Callee, dialog.Caller, reason, cancellationToken);
        var result = new SipDialogEndResult(true, await toCaller.ConfigureAwait(false), await toCallee.ConfigureAwait(false));
        Log.Ended(_logger, callId, reason ?? "", result.CallerStatus, result.CalleeStatus);
        return result;
    }

    /// <summary>Stops the lifetime timer.</summary>
    public void Dispose() => _sweep.Dispose();

    /// <summary>Follows one request through the pipeline (called by <c>UseDialogs()</c>).</summary>
    /// <param name="context">The request's context.</param>
    internal void Observe(SipRequestContext context)
    {
        var request = context.Request;
        var method = request.Method;
        if (method.IsAck || method.IsCancel) return;
        var to = request.To;
        if (to?.Tag is null)
        {
            if (method.IsInvite) context.OnReply(OnInitialReplyAsync);
            return;
        }

        if (request.CallId is not { } callId || !_dialogs.TryGetValue(callId, out var dialog)) return;
        var fromTag = request.From?.Tag;
        if (!dialog.Matches(fromTag, to.Tag) || dialog.Sender(fromTag) is not { } sender) return;
        if (request.CSeq is { } cseq) sender.Saw(cseq.Number);
        if (!context.Flow.IsClosed) sender.Flow = context.Flow;

        if (method == SipMethod.Bye)
        {
            if (_dialogs.TryRemove(new KeyValuePair<string, SipDialog>(callId, dialog))) Log.EndedByBye(_logger, callId, ReferenceEquals(sender, dialog.Caller) ? "caller" : "callee");
            return;
        }

        // Target refresh (RFC 3261 §12.2.2): the sender's Contact now; the other party's from its 2xx.
        var refresh = method.IsInvite || method == SipMethod.Update;
        if (refresh && FirstContact(request) is { } contact) sender.Target = contact;
        var other = dialog.Other(sender);
        context.OnReply(reply =>
        {
            var status = reply.Response.StatusCode;
            if (refresh && status is >= 200 and < 300 && FirstContact(reply.Response) is { } refreshed) other.Target = refreshed;

            // RFC 5057 §5.1: 481 (and 408 to an in-dialog request) means the dialog is gone at the other party.
            if (status is 481 or 408 && _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(callId, dialog))) Log.EndedByResponse(_logger, callId, status);
            return Task.CompletedTask;
        });
    }

    private Task OnInitialReplyAsync(SipReplyContext reply)
    {
        var response = reply.Response;
        if (response.StatusCode is < 200 or >= 300 || response.CSeq is not { Method: "INVITE" } cseq) return Task.CompletedTask;
        if (!reply.Context.RecordRoute || response.CallId is not { } callId || _dialogs.ContainsKey(callId)) return Task.CompletedTask;
        if (response.From is not { Tag: { } callerTag } from || response.To is not { Tag: { } calleeTag } to) return Task.CompletedTask;
        if (FirstContact(reply.Context.Request) is not { } callerTarget || FirstContact(response) is not { } calleeTarget) return Task.CompletedTask;
        if (!TrySplitRouteSet(response, out var towardCaller, out var towardCallee)) return Task.CompletedTask;
        if (_dialogs.Count >= _options.MaxDialogs)
        {
            Interlocked.Increment(ref _untracked);
            return Task.CompletedTask;
        }

        var callerAddress = response.Headers.GetFirstValue(SipHeaderId.From)!;
        var calleeAddress = response.Headers.GetFirstValue(SipHeaderId.To)!;
        var caller = new SipDialogParty(callerAddress, callerTarget, towardCaller, reply.Context.Flow, cseq.Number);
        var callee = new SipDialogParty(calleeAddress, calleeTarget, towardCallee, reply.Branch.Flow, 0);
        var now = _time.GetUtcNow();
        var dialog = new SipDialog(callId, callerTag, calleeTag, caller, callee, now, now + _options.Lifetime, from.Uri.ToString(), to.Uri.ToString());
        if (_dialogs.TryAdd(callId, dialog)) Log.Confirmed(_logger, callId, reply.Context.Flow.Kind, reply.Branch.Flow.Kind);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Splits the 2xx's Record-Route around this proxy's own entries (one, or two when it changed transport): the
    /// entries above are the hops toward the callee (nearest first: reversed), those below the hops toward the caller
    /// (nearest first: in order). False when the proxy did not record-route.
    /// </summary>
    private bool TrySplitRouteSet(SipResponse response, out string[] towardCaller, out string[] towardCallee)
    {
        towardCaller = [];
        towardCallee = [];
        if (!response.TryGetRecordRoutes(out var routes)) return false;
        var proxy = Proxy;
        int first = -1, last = -1;
        for (var i = 0; i < routes.Count; i++)
        {
            if (!proxy.IsMyself(routes[i].Uri)) continue;
            if (first < 0) first = i;
            last = i;
        }

        if (first < 0) return false;
        towardCallee = new string[first];
        for (var i = 0; i < first; i++) towardCallee[i] = routes[first - 1 - i].ToString();
        towardCaller = new string[routes.Count - last - 1];
        for (var i = last + 1; i < routes.Count; i++) towardCaller[i - last - 1] = routes[i].ToString();
        return true;
    }

    private async Task<int> SendByeAsync(SipDialog dialog, SipDialogParty recipient, SipDialogParty sender, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            var bye = new SipRequest(SipMethod.Bye, recipient.Target.Clone());
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.MaxForwards), "70");
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.From), sender.Address);
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.To), recipient.Address);
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.CallId), dialog.CallId);
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.CSeq), new SipCSeq(sender.NextCSeq(), "BYE").ToString());
            foreach (var route in recipient.RouteSet) bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.Route), route);
            if (reason is not null) bye.Headers.Add("Reason", reason);
            bye.Headers.Add(SipHeaderNames.GetName(SipHeaderId.ContentLength), "0");

            var proxy = Proxy;
            var flow = await proxy.SelectFlowAsync(bye, new SipForwardTarget(bye.RequestUri) { Flow = recipient.Flow.IsClosed ? null : recipient.Flow }).ConfigureAwait(false);
            if (flow is null)
            {
                Log.NoWayToParty(_logger, dialog.CallId, recipient.Target.ToString());
                return 503;
            }

            bye.PushVia(proxy.CreateVia(flow, proxy.NewBranch(bye)));
            var outcome = new ByeOutcome();
            Layer.StartClientTransaction(bye, flow, outcome);
            return await outcome.Status.WaitAsync(_options.ByeTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return 408;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.ByeFailed(_logger, dialog.CallId, e);
            return 503;
        }
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _dialogs)
        {
            if (pair.Value.ExpiresAt <= now && _dialogs.TryRemove(pair)) Log.Expired(_logger, pair.Key);
        }
    }

    private static SipUri? FirstContact(SipMessage message) =>
        message.TryGetContacts(out var contacts) && contacts.Count > 0 ? contacts[0].Uri : null;

    private SipProxy Proxy => _proxy ??= _services.GetRequiredService<SipProxy>();

    private SipTransactionLayer Layer => _layer ??= _services.GetRequiredService<SipTransactionLayer>();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Debug, Message = "Dialog {CallId} confirmed (caller on {CallerTransport}, callee on {CalleeTransport})")]
        public static partial void Confirmed(ILogger logger, string callId, SipTransportKind callerTransport, SipTransportKind calleeTransport);

        [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "Dialog {CallId} ended by a BYE from the {Party}")]
        public static partial void EndedByBye(ILogger logger, string callId, string party);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Dialog {CallId} ended by the proxy ({Reason}): caller answered {CallerStatus}, callee answered {CalleeStatus}")]
        public static partial void Ended(ILogger logger, string callId, string reason, int callerStatus, int calleeStatus);

        [LoggerMessage(EventId = 1706, Level = LogLevel.Debug, Message = "Dialog {CallId} ended: an in-dialog request was answered {Status}")]
        public static partial void EndedByResponse(ILogger logger, string callId, int status);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Dialog {CallId} expired without a BYE; forgotten")]
        public static partial void Expired(ILogger logger, string callId);

        [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Dialog {CallId}: no way to send a BYE to {Target}")]
        public static partial void NoWayToParty(ILogger logger, string callId, string target);

        [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Dialog {CallId}: sending a BYE failed")]
        public static partial void ByeFailed(ILogger logger, string callId, Exception exception);
    }
}

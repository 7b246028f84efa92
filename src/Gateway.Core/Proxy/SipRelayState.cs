using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transactions;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Proxy;

/// <summary>
/// The response context of one proxied request (RFC 3261 §16.7): its branches, the forwarding of provisional and
/// 2xx responses as they come, and the choice of the best final response once every branch has ended.
/// </summary>
/// <remarks>
/// Once the final response has gone upstream the state lets go of the request context, the branch copies and the
/// branch responses (an INVITE's client transactions keep reporting 2xx retransmissions to it for 64*T1, and this
/// object must not keep the call alive meanwhile) — unless the request has reply hooks, which run on those 2xx too
/// and need the contexts.
/// </remarks>
internal sealed partial class SipRelayState
{
    private readonly SipProxy _proxy;
    private SipRequestContext? _context;
    private readonly SipServerTransaction _server;
    private readonly SipTransactionLayer _layer;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly List<Branch> _branches = [];
    private int _pending;
    private bool _finalSent;
    private bool _cancelled;

    public SipRelayState(SipProxy proxy, SipRequestContext context, SipTransactionLayer layer, ILogger logger)
    {
        _proxy = proxy;
        _context = context;
        _server = context.Transaction!;
        _layer = layer;
        _logger = logger;
    }

    public async Task StartBranchesAsync(List<SipForwardTarget> targets)
    {
        var started = new List<Branch>(targets.Count);
        SipRequestContext? context;
        lock (_lock)
        {
            context = _context;
            if (_finalSent || _cancelled || context is null) return;
            foreach (var target in targets)
            {
                var branch = new Branch(this, target, _branches.Count);
                _branches.Add(branch);
                _pending++;
                started.Add(branch);
            }
        }

        foreach (var branch in started)
        {
            var status = await StartAsync(context, branch).ConfigureAwait(false);
            if (status != 0) await OnFinalAsync(branch, _server.CreateResponse(status, status == 500 ? "Server Internal Error" : "Service Unavailable"), local: true).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one branch; returns 0, or the status to record when it could not be sent.</summary>
    private async Task<int> StartAsync(SipRequestContext context, Branch branch)
    {
        var target = branch.Target!;
        var request = SipMessageParser.Parse(context.Request.ToArray()).Request!;
        request.RequestUri = target.RequestUri;
        for (var i = target.Path.Count - 1; i >= 0; i--)
        {
            request.Headers.Prepend("Route", target.Path[i]);
        }

        var flow = await _proxy.SelectFlowAsync(request, target).ConfigureAwait(false);
        if (flow is null)
        {
            Log.NoFlow(_logger, target.RequestUri);
            return 503;
        }

        if (context.RecordRoute) _proxy.AddRecordRoutes(request, context.Flow, flow);
        request.PushVia(_proxy.CreateVia(flow, _proxy.NewBranch(context.Request)));
        var branchContext = new SipBranchContext(context, target, request, flow, branch.Index);
        branch.Context = branchContext;
        if (await SipProxy.RunBranchHooksAsync(branchContext).ConfigureAwait(false) is { } failure)
        {
            Log.HookFailed(_logger, "branch", failure);
            return 500;
        }

        lock (_lock)
        {
            if (_cancelled || (_finalSent && !_server.IsInvite)) return 487;
        }

        branch.Transaction = _layer.StartClientTransaction(request, flow, branch);
        return 0;
    }

    public async Task CancelAllAsync()
    {
        List<Branch> pending;
        lock (_lock)
        {
            _cancelled = true;
            pending = PendingExcept(null);
        }

        foreach (var branch in pending) await CancelBranchAsync(branch).ConfigureAwait(false);
    }

    private async Task OnResponseAsync(Branch branch, SipResponse response)
    {
        if (_context?.ReplyHooks is { } hooks && branch.Context is { } branchContext)
        {
            var reply = new SipReplyContext(branchContext, response);
            try
            {
                foreach (var hook in hooks) await hook(reply).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.HookFailed(_logger, "reply", e);
            }
        }

        var status = response.StatusCode;
        if (status == 100) return;
        if (status < 200)
        {
            lock (_lock)
            {
                if (_finalSent) return;
            }

            response.PopVia();
            await _server.SendResponseAsync(response).ConfigureAwait(false);
            return;
        }

        if (status < 300)
        {
            // Every 2xx goes upstream (§16.7 step 5, RFC 6026); the first one ends the other branches (§16.7 step 10).
            List<Branch> others;
            lock (_lock)
            {
                if (!branch.HasFinal)
                {
                    branch.HasFinal = true;
                    branch.Final = response;
                    _pending--;
                }

                _finalSent = true;
                others = PendingExcept(branch);
            }

            response.PopVia();
            await _server.SendResponseAsync(response).ConfigureAwait(false);
            foreach (var other in others) await CancelBranchAsync(other).ConfigureAwait(false);
            Release();
            return;
        }

        await OnFinalAsync(branch, response, local: false).ConfigureAwait(false);
    }

    private async Task OnFinalAsync(Branch branch, SipResponse response, bool local)
    {
        List<Branch> toCancel = [];
        bool complete;
        lock (_lock)
        {
            if (branch.HasFinal) return;
            branch.HasFinal = true;
            branch.Final = response;
            branch.FinalIsLocal = local;
            _pending--;
            if (response.StatusCode >= 600) toCancel = PendingExcept(branch);
            complete = _pending == 0 && !_finalSent;
        }

        foreach (var other in toCancel) await CancelBranchAsync(other).ConfigureAwait(false);
        if (complete) await CompleteAsync().ConfigureAwait(false);
    }

    private async Task CompleteAsync()
    {
        Branch? best;
        int branchCount;
        SipRequestContext? context;
        lock (_lock)
        {
            context = _context;
            best = ChooseBest();
            branchCount = _branches.Count;
        }

        if (best is null || context is null) return;
        var response = best.Final!;
        var local = best.FinalIsLocal;
        if (_server.Cancelled.IsCancellationRequested && response.StatusCode < 600)
        {
            response = _server.CreateResponse(487, "Request Terminated");
            local = true;
        }
        else if (context.FailureHooks is { } hooks)
        {
            var failure = new SipFailureContext(context, response);
            try
            {
                foreach (var hook in hooks) await hook(failure).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.HookFailed(_logger, "failure", e);
            }

            lock (_lock)
            {
                // The hook relayed to new branches: their outcome decides.
                if (_branches.Count > branchCount || _finalSent) return;
            }

            if (!ReferenceEquals(failure.Response, response))
            {
                response = failure.Response;
                local = response.TopVia?.Branch == context.Request.TopVia?.Branch;
            }
        }

        lock (_lock)
        {
            if (_finalSent) return;
            _finalSent = true;
        }

        if (!local) response.PopVia();

        // A 503 would tell the caller that this proxy itself is unavailable (§16.7 step 6).
        if (response.StatusCode == 503) response = CopyAs(response, 500, "Server Internal Error");

        await _server.SendResponseAsync(response).ConfigureAwait(false);
        Release();
    }

    /// <summary>After the final went upstream: keep only what forwarding a late 2xx needs (see remarks).</summary>
    private void Release()
    {
        lock (_lock)
        {
            if (_context is null || _context.ReplyHooks is not null) return;
            _context = null;
            foreach (var branch in _branches)
            {
                branch.Context = null;
                branch.Final = null;
                branch.Target = null;
            }
        }

        if (ReferenceEquals(_server.RelayState, this)) _server.RelayState = null;
    }

    private SipResponse CopyAs(SipResponse response, int status, string reason)
    {
        var copy = _server.CreateResponse(status, reason);
        var to = response.To;
        if (to is not null) copy.SetTo(to);
        return copy;
    }

    /// <summary>RFC 3261 §16.7 step 6: a 6xx if any, else the lowest class; answers from downstream before local ones.</summary>
    private Branch? ChooseBest()
    {
        Branch? best = null;
        foreach (var branch in _branches)
        {
            if (branch.Final is null) continue;
            if (best is null || Rank(branch) < Rank(best)) best = branch;
        }

        return best;

        static int Rank(Branch b)
        {
            var status = b.Final!.StatusCode;
            var classRank = status >= 600 ? 0 : status / 100;
            return (classRank * 10) + (b.FinalIsLocal ? 1 : 0);
        }
    }

    private List<Branch> PendingExcept(Branch? except)
    {
        var list = new List<Branch>();
        foreach (var b in _branches)
        {
            if (b != except && !b.HasFinal && b.Transaction is not null) list.Add(b);
        }

        return list;
    }

    private async Task CancelBranchAsync(Branch branch)
    {
        try
        {
            if (branch.Transaction is { } tx) await tx.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.HookFailed(_logger, "cancel", e);
        }
    }

    private sealed class Branch(SipRelayState owner, SipForwardTarget target, int index) : ISipClientTransactionHandler
    {
        public SipForwardTarget? Target { get; set; } = target;

        public int Index { get; } = index;

        public SipBranchContext? Context { get; set; }

        public SipClientTransaction? Transaction { get; set; }

        public SipResponse? Final { get; set; }

        public bool HasFinal { get; set; }

        public bool FinalIsLocal { get; set; }

        public Task OnResponseAsync(SipClientTransaction transaction, SipResponse response) => owner.OnResponseAsync(this, response);

        public Task OnTimeoutAsync(SipClientTransaction transaction) =>
            owner.OnFinalAsync(this, owner._server.CreateResponse(408, "Request Timeout"), local: true);

        public Task OnTransportErrorAsync(SipClientTransaction transaction) =>
            owner.OnFinalAsync(this, owner._server.CreateResponse(503, "Service Unavailable"), local: true);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "No flow to reach {Target}")]
        public static partial void NoFlow(ILogger logger, Uris.SipUri target);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "A {Hook} hook failed")]
        public static partial void HookFailed(ILogger logger, string hook, Exception exception);
    }
}

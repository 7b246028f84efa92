using System.Globalization;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Routing;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Proxy;

/// <summary>
/// The proxy core (RFC 3261 §16): the transaction user that runs the pipeline for every request and carries out its
/// terminal actions — replies, stateful relay with parallel forking and response aggregation, stateless relay of
/// ACKs and stray responses, CANCEL of pending branches.
/// </summary>
public sealed partial class SipProxy : ISipTransactionUser
{
    private readonly IServiceProvider _services;
    private readonly ISipTransport _transport;
    private readonly SipLocalAddresses _local;
    private readonly ISipTargetResolver _resolver;
    private readonly SipProxyOptions _options;
    private readonly ILogger _logger;
    private readonly Func<SipTransactionLayer> _layer;
    private readonly string _branchSalt = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private SipRequestDelegate _pipeline;
    private long _branchCounter;

    /// <summary>Creates the proxy core. <paramref name="layer"/> returns the transaction layer (built after this object).</summary>
    public SipProxy(IServiceProvider services, ISipTransport transport, SipLocalAddresses local, ISipTargetResolver resolver, SipProxyOptions options, Func<SipTransactionLayer> layer, ILogger<SipProxy> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(logger);
        _services = services;
        _transport = transport;
        _local = local;
        _resolver = resolver;
        _options = options;
        _layer = layer;
        _logger = logger;
        _pipeline = context => context.RelayAsync();
    }

    /// <summary>Builds the pipeline: the steps <paramref name="configure"/> adds, ending in the stateful relay.</summary>
    public void UsePipeline(Action<ISipApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new SipApplicationBuilder(_services);
        configure(builder);
        _pipeline = builder.Build(context => context.RelayAsync());
    }

    internal bool IsMyself(SipUri uri) => _local.IsMyself(uri);

    internal SipLocalAddresses LocalAddresses => _local;

    internal ISipTransport SipTransport => _transport;

    internal SipProxyOptions Options => _options;

    /// <inheritdoc />
    public Task OnRequestAsync(SipServerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return RunAsync(new SipRequestContext(this, transaction.Request, transaction.Flow, transaction, _services));
    }

    /// <inheritdoc />
    public Task OnCancelAsync(SipServerTransaction inviteTransaction, SipRequest cancel)
    {
        ArgumentNullException.ThrowIfNull(inviteTransaction);
        ArgumentNullException.ThrowIfNull(cancel);
        return RunAsync(new SipRequestContext(this, cancel, inviteTransaction.Flow, inviteTransaction, _services));
    }

    /// <inheritdoc />
    public Task OnAckAsync(SipFlow flow, SipRequest ack)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(ack);
        return RunAsync(new SipRequestContext(this, ack, flow, null, _services));
    }

    /// <inheritdoc />
    public async Task OnStrayResponseAsync(SipFlow flow, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(response);

        // RFC 3261 §16.7 step 3 / §16.11: forward statelessly to the next Via, if the top one is ours.
        var top = response.TopVia;
        if (top is null || _local.FindListener(top.Host, top.Port) is null)
        {
            Log.StrayResponseDropped(_logger, response.StatusCode, flow);
            return;
        }

        response.PopVia();
        var next = response.TopVia;
        if (next is null) return;
        var target = await ResolveViaAsync(next).ConfigureAwait(false);
        if (target is null || !await target.SendAsync(response).ConfigureAwait(false))
        {
            Log.StrayResponseDropped(_logger, response.StatusCode, flow);
        }
    }

    private async Task RunAsync(SipRequestContext context)
    {
        try
        {
            await _pipeline(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.PipelineFailed(_logger, context.Request.Method.Name, context.Request.CallId, e);
            if (!context.IsCompleted && context.Transaction is not null && !context.Request.Method.IsAck && !context.Request.Method.IsCancel)
            {
                try
                {
                    await ReplyAsync(context, 500, "Server Internal Error", null).ConfigureAwait(false);
                }
                catch (Exception inner)
                {
                    Log.PipelineFailed(_logger, context.Request.Method.Name, context.Request.CallId, inner);
                }
            }
        }
    }

    internal async Task ReplyAsync(SipRequestContext context, int statusCode, string reasonPhrase, Action<SipResponse>? configure)
    {
        var request = context.Request;

        // ACKs are never answered; a CANCEL was answered 200 by the transaction layer already (RFC 3261 §9.2).
        if (request.Method.IsAck || request.Method.IsCancel) return;
        if (statusCode >= 200) context.IsCompleted = true;
        var transaction = context.Transaction;
        if (transaction is not null)
        {
            var response = transaction.CreateResponse(statusCode, reasonPhrase);
            configure?.Invoke(response);
            await transaction.SendResponseAsync(response).ConfigureAwait(false);
            return;
        }

        // Stateless reply (sl_send_reply): to the flow the request came on.
        var stateless = SipResponse.CreateFor(request, statusCode, reasonPhrase);
        if (statusCode > 100 && request.To is { Tag: null } to)
        {
            to.Tag = StatelessTag(request);
            stateless.SetTo(to);
        }

        configure?.Invoke(stateless);
        await context.Flow.SendAsync(stateless).ConfigureAwait(false);
    }

    internal async Task RelayAsync(SipRequestContext context)
    {
        var request = context.Request;
        if (request.Method.IsCancel)
        {
            context.IsCompleted = true;
            if (context.Transaction is { RelayState: SipRelayState state }) await state.CancelAllAsync().ConfigureAwait(false);
            return;
        }

        if (!PrepareHop(context, out var status, out var reason))
        {
            await ReplyAsync(context, status, reason, null).ConfigureAwait(false);
            return;
        }

        if (context.Transaction is null)
        {
            context.IsCompleted = true;
            await RelayStatelessAsync(context).ConfigureAwait(false);
            return;
        }

        context.IsCompleted = true;
        var relay = GetRelayState(context);
        var targets = context.Targets.Count > 0 ? [.. context.Targets] : new List<SipForwardTarget> { DefaultTarget(context) };
        context.Targets.Clear();
        await relay.StartBranchesAsync(targets).ConfigureAwait(false);
    }

    private SipRelayState GetRelayState(SipRequestContext context)
    {
        var transaction = context.Transaction!;
        lock (transaction)
        {
            if (transaction.RelayState is SipRelayState existing) return existing;
            var created = new SipRelayState(this, context, _layer(), _logger);
            transaction.RelayState = created;
            return created;
        }
    }

    /// <summary>Max-Forwards and loop checks (RFC 3261 §16.3 steps 3–4), once per request.</summary>
    private bool PrepareHop(SipRequestContext context, out int status, out string reason)
    {
        status = 0;
        reason = string.Empty;
        var request = context.Request;
        if (context.Items.ContainsKey(HopPrepared)) return true;
        context.Items[HopPrepared] = null;
        var maxForwards = request.MaxForwards;
        if (maxForwards is null)
        {
            request.MaxForwards = _options.DefaultMaxForwards;
        }
        else if (!context.Items.ContainsKey(MaxForwardsProcessed))
        {
            if (maxForwards == 0 && !request.Method.IsAck)
            {
                (status, reason) = (483, "Too Many Hops");
                return false;
            }

            if (maxForwards > 0) request.MaxForwards = maxForwards - 1;
        }

        if (_options.DetectLoops && !request.Method.IsAck && IsLoop(request))
        {
            (status, reason) = (482, "Loop Detected");
            return false;
        }

        return true;
    }

    internal static readonly object HopPrepared = new();

    internal static readonly object MaxForwardsProcessed = new();

    private static SipForwardTarget DefaultTarget(SipRequestContext context) => new(context.Request.RequestUri) { Flow = context.DestinationFlow };

    private async Task RelayStatelessAsync(SipRequestContext context)
    {
        var request = context.Request;
        var target = DefaultTarget(context);
        var flow = await SelectFlowAsync(request, target).ConfigureAwait(false);
        if (flow is null)
        {
            Log.NoRoute(_logger, request.Method.Name, request.RequestUriText);
            return;
        }

        // A stateless proxy's branch must be the same for retransmissions (§16.11): derive it from the upstream branch.
        var upstream = request.TopVia?.Branch ?? request.CallId ?? string.Empty;
        var hash = Fnv(Fnv(FnvBasis, upstream), request.RequestUriText);
        var branch = string.Create(SipVia.MagicCookie.Length + 10, hash, static (span, h) =>
        {
            SipVia.MagicCookie.AsSpan().CopyTo(span);
            span[SipVia.MagicCookie.Length] = 's';
            span[SipVia.MagicCookie.Length + 1] = 'l';
            h.TryFormat(span[(SipVia.MagicCookie.Length + 2)..], out _, "x8", CultureInfo.InvariantCulture);
        });
        if (context.RecordRoute) AddRecordRoutes(request, context.Flow, flow);
        request.PushVia(CreateVia(flow, branch));

        // Branch hooks run for stateless relays too (an ACK may carry a late-SDP answer the media relay must see).
        if (context.BranchHooks is not null
            && await RunBranchHooksAsync(new SipBranchContext(context, target, request, flow, 0)).ConfigureAwait(false) is { } failure)
        {
            Log.StatelessHookFailed(_logger, request.Method.Name, failure);
            return;
        }

        await flow.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Runs the request's branch hooks (<c>t_on_branch</c>) on one branch; returns the exception of a hook that failed.</summary>
    internal static async ValueTask<Exception?> RunBranchHooksAsync(SipBranchContext branch)
    {
        if (branch.Context.BranchHooks is not { } hooks) return null;
        try
        {
            foreach (var hook in hooks) await hook(branch).ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

        /// <summary>Chooses the flow a branch leaves on: the target's flow, a flow token in the next hop, or DNS (RFC 3263).</summary>
    internal async ValueTask<SipFlow?> SelectFlowAsync(SipRequest branch, SipForwardTarget target)
    {
        if (target.Flow is { IsClosed: false } flow) return flow;
        if (target.Flow is not null) return null;

        SipUri nextHop;
        if (target.NextHop is not null) nextHop = target.NextHop;
        else if (branch.TryGetRoutes(out var routes) && routes.Count > 0) nextHop = routes[0].Uri;
        else nextHop = branch.RequestUri;

        if (nextHop.User is { Length: > 0 } token && _local.IsMyself(nextHop) && _transport.TryResolveFlowToken(token, out var tokenFlow)) return tokenFlow;

        var hops = await _resolver.ResolveAsync(nextHop).ConfigureAwait(false);
        foreach (var hop in hops)
        {
            var candidate = await _transport.GetFlowAsync(hop.Kind, hop.EndPoint).ConfigureAwait(false);
            if (candidate is not null) return candidate;
        }

        return null;
    }

    /// <summary>
    /// Record-Route for a branch (RFC 3261 §16.6 step 4): one entry when the request leaves through the listener it came
    /// in on, two when it changes transport or interface (RFC 5658), each stream-side entry carrying the flow token
    /// so in-dialog requests find the connection again.
    /// </summary>
    internal void AddRecordRoutes(SipRequest branch, SipFlow inbound, SipFlow outbound)
    {
        var inListener = _local.ListenerOf(inbound);
        var outListener = _local.ListenerOf(outbound);
        if (inListener is null || outListener is null) return;
        var same = ReferenceEquals(inListener, outListener) && !inbound.Kind.IsReliable();
        if (!same) branch.Headers.Prepend("Record-Route", RecordRouteValue(inListener, inbound));
        branch.Headers.Prepend("Record-Route", RecordRouteValue(outListener, outbound));
    }

    private string RecordRouteValue(SipListenerInfo listener, SipFlow flow)
    {
        var user = flow.Kind.IsReliable() ? _transport.CreateFlowToken(flow) : null;
        var uri = SipUri.Create(SipUriScheme.Sip, user, listener.AdvertisedHost, listener.AdvertisedPort);
        uri.Transport = flow.Kind.ToUriParameter();
        uri.IsLooseRouter = true;
        return "<" + uri + ">";
    }

    internal SipVia CreateVia(SipFlow flow, string branch)
    {
        var listener = _local.ListenerOf(flow);
        var host = listener?.AdvertisedHost ?? flow.LocalEndPoint.Address.ToString();
        var port = listener?.AdvertisedPort ?? flow.LocalEndPoint.Port;
        var via = new SipVia(flow.Kind.ToViaToken(), host, port, branch);
        if (flow.Kind == SipTransportKind.Udp) via.SetRPort(null);
        return via;
    }

    /// <summary>A branch id with the magic cookie, this proxy's loop-detection hash (§16.6 step 8) and a unique suffix.</summary>
    internal string NewBranch(SipRequest request)
    {
        var id = (ulong)Interlocked.Increment(ref _branchCounter);
        var hash = LoopHash(request, request.TopVia);

        // z9hG4bK Gw <loop hash: 8 hex> . <salt> <counter: hex>, formatted in place.
        var idDigits = id == 0 ? 1 : ((64 - System.Numerics.BitOperations.LeadingZeroCount(id) + 3) / 4);
        var length = SipVia.MagicCookie.Length + 2 + 8 + 1 + _branchSalt.Length + idDigits;
        return string.Create(length, (hash, id, salt: _branchSalt), static (span, state) =>
        {
            var n = SipVia.MagicCookie.Length;
            SipVia.MagicCookie.AsSpan().CopyTo(span);
            span[n++] = 'G';
            span[n++] = 'w';
            state.hash.TryFormat(span[n..], out var written, "x8", CultureInfo.InvariantCulture);
            n += written;
            span[n++] = '.';
            state.salt.AsSpan().CopyTo(span[n..]);
            n += state.salt.Length;
            state.id.TryFormat(span[n..], out _, "x", CultureInfo.InvariantCulture);
        });
    }

    private bool IsLoop(SipRequest request)
    {
        if (!request.TryGetVias(out var vias)) return false;
        Span<char> expected = stackalloc char[8];
        for (var i = 0; i < vias.Count - 1; i++)
        {
            var via = vias[i];
            if (via.Branch is not { } branch || !branch.StartsWith(SipVia.MagicCookie + "Gw", StringComparison.Ordinal) || branch.Length < 17) continue;
            if (_local.FindListener(via.Host, via.Port) is null) continue;

            // The hash covers what makes the request the same request; a spiral changes the Request-URI and is not a loop.
            LoopHash(request, vias[i + 1]).TryFormat(expected, out _, "x8", CultureInfo.InvariantCulture);
            if (branch.AsSpan(9, 8).SequenceEqual(expected)) return true;
        }

        return false;
    }

    /// <summary>
    /// FNV-1a over what makes the request the same request (§16.6 step 8): Request-URI, Call-ID, From and To tags,
    /// CSeq number, the upstream Via's branch and sent-by (case-insensitive). Stable across processes; no allocation.
    /// </summary>
    private static uint LoopHash(SipRequest request, SipVia? upstreamVia)
    {
        var hash = Fnv(FnvBasis, request.RequestUriText);
        hash = Fnv(hash, request.CallId);
        hash = Fnv(hash, request.From?.Tag);
        hash = Fnv(hash, request.To?.Tag);
        hash = FnvNumber(hash, request.CSeq is { } cseq ? cseq.Number : -1);
        hash = Fnv(hash, upstreamVia?.Branch);
        if (upstreamVia is not null)
        {
            foreach (var c in upstreamVia.Host) hash = (hash ^ char.ToLowerInvariant(c)) * FnvPrime;
            hash = FnvNumber(hash, upstreamVia.Port ?? -1);
        }

        return hash;
    }

    private const uint FnvBasis = 2166136261u;

    private const uint FnvPrime = 16777619u;

    /// <summary>FNV-1a over <paramref name="text"/>, then a separator so that ("ab","c") and ("a","bc") differ.</summary>
    private static uint Fnv(uint hash, string? text)
    {
        if (text is not null)
        {
            foreach (var c in text) hash = (hash ^ c) * FnvPrime;
        }

        return (hash ^ 0xFFFF) * FnvPrime;
    }

    private static uint FnvNumber(uint hash, long value)
    {
        for (var i = 0; i < 8; i++, value >>= 8) hash = (hash ^ (uint)(value & 0xFF)) * FnvPrime;
        return hash;
    }

    private string StatelessTag(SipRequest request)
    {
        var hash = Fnv(Fnv(Fnv(FnvBasis, request.CallId), request.TopVia?.Branch), _branchSalt);
        return string.Create(10, hash, static (span, h) =>
        {
            span[0] = 's';
            span[1] = 'l';
            h.TryFormat(span[2..], out _, "x8", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Where a response goes per RFC 3261 §18.2.2 / RFC 3581 §4: received + rport, else sent-by.</summary>
    private async ValueTask<SipFlow?> ResolveViaAsync(SipVia via)
    {
        if (!SipTransportKindExtensions.TryParse(via.Transport, out var kind)) return null;
        var host = via.Received ?? via.Host;
        var port = via.RPort ?? via.Port ?? kind.DefaultPort();
        var literal = host.Length > 2 && host[0] == '[' ? host[1..^1] : host;
        if (System.Net.IPAddress.TryParse(literal, out var address))
        {
            return await _transport.GetFlowAsync(kind, new System.Net.IPEndPoint(address, port)).ConfigureAwait(false);
        }

        var uri = SipUri.Create(SipUriScheme.Sip, null, host, port);
        uri.Transport = kind.ToUriParameter();
        foreach (var hop in await _resolver.ResolveAsync(uri).ConfigureAwait(false))
        {
            var flow = await _transport.GetFlowAsync(hop.Kind, hop.EndPoint).ConfigureAwait(false);
            if (flow is not null) return flow;
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "The pipeline failed on {Method} (Call-ID {CallId})")]
        public static partial void PipelineFailed(ILogger logger, string method, string? callId, Exception exception);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Dropped a stray {Status} response from {Flow}")]
        public static partial void StrayResponseDropped(ILogger logger, int status, SipFlow flow);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "No route for {Method} to {Uri}")]
        public static partial void NoRoute(ILogger logger, string method, string uri);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "A branch hook failed on a stateless {Method}: not relayed")]
        public static partial void StatelessHookFailed(ILogger logger, string method, Exception exception);
    }
}

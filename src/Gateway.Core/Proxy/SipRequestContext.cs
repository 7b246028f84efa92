using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Proxy;

/// <summary>
/// Everything a pipeline step knows about one request — the script's view of a message in OpenSIPS: the request,
/// the flow it came on, message flags, the targets to relay to, the relay hooks, and the terminal actions
/// <see cref="ReplyAsync"/> and <see cref="RelayAsync"/>.
/// </summary>
public sealed class SipRequestContext
{
    private readonly SipProxy _proxy;
    private SipFlagSet _flags;
    private SipFlagSet _branchFlags;
    private Dictionary<object, object?>? _items;
    private List<Func<SipBranchContext, Task>>? _branchHooks;
    private List<Func<SipReplyContext, Task>>? _replyHooks;
    private List<Func<SipFailureContext, Task>>? _failureHooks;

    internal SipRequestContext(SipProxy proxy, SipRequest request, SipFlow flow, SipServerTransaction? transaction, IServiceProvider services)
    {
        _proxy = proxy;
        Request = request;
        Flow = flow;
        Transaction = transaction;
        Services = services;
    }

    /// <summary>The request being processed (edits apply to every branch relayed afterwards).</summary>
    public SipRequest Request { get; }

    /// <summary>The flow the request arrived on.</summary>
    public SipFlow Flow { get; }

    /// <summary>The transport the request arrived on (OpenSIPS's <c>proto</c>).</summary>
    public SipTransportKind Transport => Flow.Kind;

    /// <summary>True when the request arrived over WS or WSS.</summary>
    public bool IsWebSocket => Flow.IsWebSocket;

    /// <summary>The server transaction, or <see langword="null"/> for requests handled statelessly (ACK).</summary>
    public SipServerTransaction? Transaction { get; }

    /// <summary>Message flags (<c>setflag</c>/<c>isflagset</c>); visible to the relay hooks of this request.</summary>
    public ref SipFlagSet Flags => ref _flags;

    /// <summary>
    /// Branch flags of the request's own branch (OpenSIPS's <c>setbflag</c> outside a branch route): the registrar
    /// stores them with the contacts a REGISTER saves, and lookup restores them on the branches it creates.
    /// </summary>
    public ref SipFlagSet BranchFlags => ref _branchFlags;

    /// <summary>The branches to relay to. Empty means "the Request-URI, routed normally".</summary>
    public IList<SipForwardTarget> Targets { get; } = new List<SipForwardTarget>();

    /// <summary>Per-request state shared between steps.</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// Set by <c>record_route()</c>: every branch gets a Record-Route (two when it leaves on another transport or
    /// interface than it came in on, RFC 5658).
    /// </summary>
    public bool RecordRoute { get; set; }

    /// <summary>
    /// The flow loose routing selected (a Route header carrying one of our flow tokens): in-dialog requests toward a
    /// client reachable only over its own connection. Used when no target sets its own flow.
    /// </summary>
    public SipFlow? DestinationFlow { get; set; }

    /// <summary>True once a final response was sent or the request was relayed (the script's <c>exit</c>).</summary>
    public bool IsCompleted { get; set; }

    /// <summary>True when the request's Request-URI designates this gateway (<c>uri==myself</c>).</summary>
    public bool IsForLocalDomain => Request.TryGetRequestUri(out var uri) && _proxy.IsMyself(uri);

    /// <summary>True when the From URI designates this gateway's domain (<c>from_uri==myself</c>).</summary>
    public bool IsFromLocalDomain => Request.From is { } from && _proxy.IsMyself(from.Uri);

    /// <summary>True when <paramref name="uri"/> designates this gateway.</summary>
    public bool IsMyself(SipUri uri) => _proxy.IsMyself(uri);

    internal SipProxy Proxy => _proxy;

    internal IReadOnlyList<Func<SipBranchContext, Task>>? BranchHooks => _branchHooks;

    internal IReadOnlyList<Func<SipReplyContext, Task>>? ReplyHooks => _replyHooks;

    internal IReadOnlyList<Func<SipFailureContext, Task>>? FailureHooks => _failureHooks;

    /// <summary>
    /// Runs <paramref name="hook"/> for every branch before it is sent (<c>t_on_branch</c>) — for a stateless relay
    /// (an ACK for a 2xx) too, on the one request it forwards.
    /// </summary>
    public void OnBranch(Func<SipBranchContext, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_branchHooks ??= []).Add(hook);
    }

    /// <summary>Runs <paramref name="hook"/> for every response a branch receives (<c>t_on_reply</c>).</summary>
    public void OnReply(Func<SipReplyContext, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_replyHooks ??= []).Add(hook);
    }

    /// <summary>Runs <paramref name="hook"/> when every branch ended without a 2xx (<c>failure_route</c>).</summary>
    public void OnFailure(Func<SipFailureContext, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_failureHooks ??= []).Add(hook);
    }

    /// <summary>
    /// Answers the request (<c>sl_send_reply</c> / <c>t_reply</c>): through the server transaction when there is one,
    /// else statelessly on the flow. ACKs are never answered. <paramref name="configure"/> may add headers.
    /// </summary>
    public Task ReplyAsync(int statusCode, string reasonPhrase, Action<SipResponse>? configure = null) =>
        _proxy.ReplyAsync(this, statusCode, reasonPhrase, configure);

    /// <summary>
    /// Relays the request (<c>t_relay</c>) to <see cref="Targets"/> — or, when empty, to the Request-URI — statefully
    /// when there is a transaction (forking in parallel, aggregating responses per RFC 3261 §16.7), statelessly for
    /// ACK. For a CANCEL it cancels the pending branches of the INVITE it matched. Failures are answered (500 when
    /// nothing could be sent, 483/482 on hop-count and loop checks).
    /// </summary>
    public Task RelayAsync() => _proxy.RelayAsync(this);
}

using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Proxy;

/// <summary>
/// One branch to relay a request to (RFC 3261 §16.5): the Request-URI for that branch, optionally where to send it
/// (OpenSIPS's <c>$du</c>: a flow, or a next-hop URI), and the branch flags (<c>setbflag</c>).
/// </summary>
public sealed class SipForwardTarget
{
    /// <summary>Creates a target with <paramref name="requestUri"/> as its Request-URI.</summary>
    public SipForwardTarget(SipUri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        RequestUri = requestUri;
    }

    /// <summary>The Request-URI of the branch.</summary>
    public SipUri RequestUri { get; set; }

    /// <summary>
    /// The flow to send the branch on, bypassing routing — how a request reaches a client registered over a
    /// WebSocket or behind a NAT (the registration's flow). Null to route normally.
    /// </summary>
    public SipFlow? Flow { get; set; }

    /// <summary>Where to send the branch when <see cref="Flow"/> is not set (a next-hop URI such as an outbound proxy); null to use Route / Request-URI.</summary>
    public SipUri? NextHop { get; set; }

    /// <summary>Path headers to put on the branch as Route headers (RFC 3327 §5.3), from the registration.</summary>
    public IList<string> Path { get; } = new List<string>();

    private SipFlagSet _branchFlags;

    /// <summary>Branch flags: restored from the registration by lookup, visible to branch and reply hooks.</summary>
    public ref SipFlagSet BranchFlags => ref _branchFlags;

    /// <summary>The q-value of the binding (for ordering; parallel forking ignores it).</summary>
    public double Q { get; set; } = 1.0;
}

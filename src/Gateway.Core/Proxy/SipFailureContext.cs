using Gateway.Core.Messages;

namespace Gateway.Core.Proxy;

/// <summary>
/// What a failure hook (<c>failure_route</c>) sees when every branch ended without a 2xx: the response that would
/// go upstream. The hook may add <see cref="SipRequestContext.Targets"/> and call <see cref="SipRequestContext.RelayAsync"/>
/// to try new branches (serial forking), or replace the response.
/// </summary>
public sealed class SipFailureContext
{
    internal SipFailureContext(SipRequestContext context, SipResponse response)
    {
        Context = context;
        Response = response;
    }

    /// <summary>The request's context.</summary>
    public SipRequestContext Context { get; }

    /// <summary>The best response chosen among the branches (RFC 3261 §16.7 step 6).</summary>
    public SipResponse Response { get; set; }
}

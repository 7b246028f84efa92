using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Proxy;

/// <summary>One outgoing branch of a relayed request, as the branch and reply hooks see it.</summary>
public sealed class SipBranchContext
{
    internal SipBranchContext(SipRequestContext context, SipForwardTarget target, SipRequest request, SipFlow flow, int index)
    {
        Context = context;
        Target = target;
        Request = request;
        Flow = flow;
        Index = index;
    }

    /// <summary>The request's context (message flags, items).</summary>
    public SipRequestContext Context { get; }

    /// <summary>The target this branch goes to.</summary>
    public SipForwardTarget Target { get; }

    /// <summary>The branch's own copy of the request, about to be sent; a branch hook may edit it (e.g. rewrite the SDP).</summary>
    public SipRequest Request { get; }

    /// <summary>The flow the branch leaves on.</summary>
    public SipFlow Flow { get; }

    /// <summary>Position among the request's branches, from 0.</summary>
    public int Index { get; }

    /// <summary>The branch flags (<c>isbflagset</c>).</summary>
    public ref SipFlagSet BranchFlags => ref Target.BranchFlags;

    /// <summary>True when the branch leaves over WS or WSS.</summary>
    public bool IsWebSocket => Flow.IsWebSocket;
}

using Gateway.Core.Messages;

namespace Gateway.Core.Proxy;

/// <summary>A response received on a branch, as a reply hook (<c>onreply_route</c>) sees it; the hook may edit it.</summary>
public sealed class SipReplyContext
{
    internal SipReplyContext(SipBranchContext branch, SipResponse response)
    {
        Branch = branch;
        Response = response;
    }

    /// <summary>The request's context.</summary>
    public SipRequestContext Context => Branch.Context;

    /// <summary>The branch the response came from.</summary>
    public SipBranchContext Branch { get; }

    /// <summary>The response (its top Via is still this proxy's).</summary>
    public SipResponse Response { get; }
}

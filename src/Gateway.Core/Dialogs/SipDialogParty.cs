using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Dialogs;

/// <summary>One party of a tracked dialog, as the proxy reaches it.</summary>
internal sealed class SipDialogParty(string address, SipUri target, string[] routeSet, SipFlow flow, uint cseq)
{
    private long _cseq = cseq;

    /// <summary>The party's name-addr with its tag (From of the INVITE for the caller, To of the 2xx for the callee).</summary>
    public string Address { get; } = address;

    /// <summary>The party's remote target (its Contact; refreshed by re-INVITE/UPDATE).</summary>
    public SipUri Target { get; set; } = target;

    /// <summary>Route header values from the proxy toward the party (the hops between them), nearest first.</summary>
    public string[] RouteSet { get; } = routeSet;

    /// <summary>The flow the party's messages came on (the way back to it; refreshed by its requests).</summary>
    public SipFlow Flow { get; set; } = flow;

    /// <summary>The highest CSeq number of the requests this party sent in the dialog.</summary>
    public uint CSeq => (uint)Interlocked.Read(ref _cseq);

    /// <summary>Records a request's CSeq number from this party (keeps the highest).</summary>
    public void Saw(uint number)
    {
        long current;
        while (number > (current = Interlocked.Read(ref _cseq)) && Interlocked.CompareExchange(ref _cseq, number, current) != current)
        {
        }
    }

    /// <summary>The next CSeq number in this party's space (for a request the proxy sends on its behalf).</summary>
    public uint NextCSeq() => (uint)Interlocked.Increment(ref _cseq);
}

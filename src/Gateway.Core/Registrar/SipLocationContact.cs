using System.Net;
using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Registrar;

/// <summary>
/// One target found by <see cref="SipRegistrar.LookupAsync"/> (OpenSIPS' <c>lookup("location")</c>): what a
/// branch needs. The Request-URI becomes <see cref="ContactUri"/>; the request goes over the local flow
/// <see cref="FlowId"/> while it is open, else to <see cref="ReceivedEndPoint"/> over <see cref="ReceivedKind"/>
/// (the client's NAT pinhole), else to the contact itself; <see cref="Path"/> becomes its Route set (RFC 3327
/// §5.3); <see cref="BranchFlags"/> go on the branch.
/// </summary>
public sealed class SipLocationContact
{
    /// <summary>The registered contact, parsed (a new instance per lookup: the caller may edit it).</summary>
    public required SipUri ContactUri { get; init; }

    /// <summary>The q-value; 1.0 when the client gave none.</summary>
    public required double Q { get; init; }

    /// <summary>The stored Path values, in order; empty when none.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>
    /// The <see cref="SipFlow.Id"/> of the local flow the client registered on (look it up with
    /// <see cref="ISipTransport.TryGetFlow"/>), or <see langword="null"/> when there is none or it belongs to another
    /// node (<see cref="NodeId"/>).
    /// </summary>
    public string? FlowId { get; init; }

    /// <summary>The node that learned the binding; a flow id of another node cannot be used here.</summary>
    public string? NodeId { get; init; }

    /// <summary>The transport the REGISTER came over, or <see langword="null"/> when the binding has no received address.</summary>
    public SipTransportKind? ReceivedKind { get; init; }

    /// <summary>The REGISTER's source address and port (the public side of the client's NAT), or <see langword="null"/>.</summary>
    public IPEndPoint? ReceivedEndPoint { get; init; }

    /// <summary>The branch flags stored at save time.</summary>
    public ulong BranchFlags { get; init; }

    /// <summary>The RFC 5626 <c>+sip.instance</c> (without quotes), or <see langword="null"/>.</summary>
    public string? Instance { get; init; }

    /// <summary>The RFC 5626 <c>reg-id</c>, or <see langword="null"/>.</summary>
    public int? RegId { get; init; }

    /// <summary>The stored binding this target was made from.</summary>
    public required SipBinding Binding { get; init; }
}

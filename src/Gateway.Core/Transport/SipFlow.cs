using System.Net;
using Gateway.Core.Messages;

namespace Gateway.Core.Transport;

/// <summary>
/// A flow (RFC 5626 §3): the path a message came in on and a response or later request can go back on. For a
/// stream transport (TCP, TLS, WS, WSS) it is one connection; for UDP it is the pair of a listening socket and a
/// remote address, so that replies leave from the port the peer's NAT expects.
/// </summary>
/// <remarks>Implementations are thread-safe: several senders may call <see cref="SendAsync"/> at once.</remarks>
public abstract class SipFlow
{
    /// <summary>Creates a flow.</summary>
    protected SipFlow(string id, SipTransportKind kind, IPEndPoint localEndPoint, IPEndPoint remoteEndPoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        Id = id;
        Kind = kind;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Unique identifier of the flow within the process (stable for its lifetime; never reused).</summary>
    public string Id { get; }

    /// <summary>The transport.</summary>
    public SipTransportKind Kind { get; }

    /// <summary>The local address the flow is bound to (the listening socket for UDP).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer's address as seen from here (its public address when it is behind a NAT).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>True for TLS and WSS.</summary>
    public bool IsSecure => Kind.IsSecure();

    /// <summary>True for WS and WSS.</summary>
    public bool IsWebSocket => Kind.IsWebSocket();

    /// <summary>
    /// Cancelled when the flow closes (the connection ended or was aborted). A UDP flow never closes on its own;
    /// its token is cancelled only when its listener stops.
    /// </summary>
    public abstract CancellationToken Closed { get; }

    /// <summary>True once the flow has closed; sends then fail.</summary>
    public bool IsClosed => Closed.IsCancellationRequested;

    /// <summary>
    /// Serialises and sends <paramref name="message"/> on this flow. Returns false when the flow is closed or the
    /// send failed (the failure is logged by the transport); never throws for network errors.
    /// </summary>
    public abstract ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default);

    /// <summary>Closes the flow now (a connection is reset); pending and later sends fail.</summary>
    public abstract void Abort();

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToViaToken()} {LocalEndPoint} <-> {RemoteEndPoint} ({Id})";
}

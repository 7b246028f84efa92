using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Gateway.Core.Transport;

/// <summary>
/// The transport layer as the SIP layers above it see it: flows to send on, listeners to advertise, and flow
/// tokens to route back to a client that can only be reached over the connection it opened (a browser whose
/// Contact host is <c>*.invalid</c>, RFC 7118 §5). Gateway.Transports implements it.
/// </summary>
public interface ISipTransport
{
    /// <summary>The listeners currently bound.</summary>
    IReadOnlyList<SipListenerInfo> Listeners { get; }

    /// <summary>Raised once for every stream flow that closes (connection ended, aborted or timed out).</summary>
    event Action<SipFlow>? FlowClosed;

    /// <summary>
    /// Finds a flow to <paramref name="remote"/> over <paramref name="kind"/>: an open connection to that address if
    /// there is one, else a new outbound connection (TCP, TLS); for UDP a flow on a listening socket of the same
    /// address family, so replies reach NATs from the port they saw. WS/WSS can only reuse inbound connections.
    /// Returns <see langword="null"/> when no flow can be made (no listener of that kind, connect failure).
    /// </summary>
    ValueTask<SipFlow?> GetFlowAsync(SipTransportKind kind, IPEndPoint remote, CancellationToken cancellationToken = default);

    /// <summary>Looks up an open flow by its <see cref="SipFlow.Id"/>.</summary>
    bool TryGetFlow(string flowId, [NotNullWhen(true)] out SipFlow? flow);

    /// <summary>
    /// Encodes <paramref name="flow"/> as an opaque, tamper-proof token fit for a URI user part or parameter
    /// (RFC 5626 §5.2): the proxy puts it in its Record-Route or Path so in-dialog requests find the flow again.
    /// </summary>
    string CreateFlowToken(SipFlow flow);

    /// <summary>Resolves a token made by <see cref="CreateFlowToken"/> to its flow, if that flow is still open.</summary>
    bool TryResolveFlowToken(ReadOnlySpan<char> token, [NotNullWhen(true)] out SipFlow? flow);
}

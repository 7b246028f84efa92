using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Transports.Diagnostics;

namespace Gateway.Transports.Udp;

/// <summary>
/// A UDP flow: a listening socket and one remote address. Sends leave from the listening socket, so a NAT in front
/// of the peer sees replies come from the port it sent to. The id names the listener and the address, so the same
/// pair is always the same flow; it closes only when its listener stops.
/// </summary>
internal sealed class UdpSipFlow : SipFlow
{
    private readonly UdpSipListener _listener;
    private readonly SocketAddress _address;

    public UdpSipFlow(UdpSipListener listener, IPEndPoint remote, SocketAddress address)
        : base(UdpSipListener.FormatFlowId(listener.Index, remote), SipTransportKind.Udp, listener.EndPoint, remote)
    {
        _listener = listener;
        _address = address;
    }

    /// <inheritdoc />
    public override CancellationToken Closed => _listener.Stopped;

    /// <inheritdoc />
    /// <remarks>
    /// The datagram goes out with a synchronous <c>sendto</c>: UDP sends do not wait for the peer, so this completes at
    /// once without a readiness notification or a thread-pool hop (it blocks only while the kernel's send buffer is full).
    /// </remarks>
    public override ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var metrics = _listener.Context.Metrics;
        if (IsClosed)
        {
            metrics.SendFailed(Kind);
            return ValueTask.FromResult(false);
        }

        var length = message.GetSerializedLength();
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.TryWriteTo(buffer, out var written);
            _listener.Socket.SendTo(buffer.AsSpan(0, written), SocketFlags.None, _address);
            metrics.MessageSent(Kind);
            return ValueTask.FromResult(true);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            metrics.SendFailed(Kind);
            TransportLog.SendFailed(_listener.Context.Logger, this, e);
            return ValueTask.FromResult(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    /// <remarks>A UDP flow has no connection to reset; aborting it does nothing.</remarks>
    public override void Abort()
    {
    }
}

using System.Net;
using System.Net.Sockets;
using Gateway.Media.Dtls;

namespace Gateway.Media.Tests.Dtls;

/// <summary>
/// A real UDP socket on 127.0.0.1 that plays the relay's part: <see cref="Send"/> goes to the peer socket, and a
/// receive loop pushes every datagram into a handshake with <see cref="DtlsSrtpHandshake.DeliverPacket"/>.
/// An optional filter can drop outgoing datagrams (to simulate loss).
/// </summary>
internal sealed class UdpDtlsPeer : IDtlsPacketChannel, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private EndPoint? _remote;
    private Task? _loop;

    public UdpDtlsPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Return false to drop an outgoing datagram.</summary>
    public Func<byte[], bool>? SendFilter { get; set; }

    public int Sent;

    public void ConnectTo(UdpDtlsPeer other) => _remote = other.LocalEndPoint;

    public void ConnectTo(IPEndPoint remote) => _remote = remote;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref Sent);
        if (SendFilter is { } filter && !filter(datagram.ToArray())) return;
        _socket.SendTo(datagram, SocketFlags.None, _remote!);
    }

    public void Start(DtlsSrtpHandshake handshake) => _loop = Task.Run(() => ReceiveLoop(handshake));

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoop(DtlsSrtpHandshake handshake)
    {
        var buffer = new byte[4096];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            handshake.DeliverPacket(buffer.AsSpan(0, result.ReceivedBytes));
        }
    }
}

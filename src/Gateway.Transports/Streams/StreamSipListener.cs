using System.Net;
using System.Net.Sockets;
using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Diagnostics;
using Gateway.Transports.Tls;
using Gateway.Transports.WebSockets;

namespace Gateway.Transports.Streams;

/// <summary>
/// A listening TCP socket for TCP, TLS, WS or WSS: accepts connections, refuses those over the connection limits,
/// and hands each accepted one to the transport layer as a flow. Accepting and running a connection are separate:
/// a slow or hostile peer never holds up the accept loop.
/// </summary>
internal sealed class StreamSipListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SipListenerOptions _options;
    private readonly SipTransportContext _context;
    private readonly ServerCertificateSelector? _certificates;
    private readonly Action<ConnectionFlow> _run;
    private Task _acceptLoop = Task.CompletedTask;

    public StreamSipListener(SipListenerOptions options, SipTransportContext context, ServerCertificateSelector? certificates, Action<ConnectionFlow> run)
    {
        _options = options;
        _context = context;
        _certificates = certificates;
        _run = run;
        var endPoint = options.GetEndPoint();
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = false;
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.NoDelay = true;
            _socket.Bind(endPoint);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Info = new SipListenerInfo(options.Protocol, EndPoint, options.AdvertisedHost ?? FormatHost(EndPoint.Address), options.AdvertisedPort ?? EndPoint.Port);
    }

    public SipTransportKind Kind => _options.Protocol;

    public IPEndPoint EndPoint { get; }

    public SipListenerInfo Info { get; }

    public void Start() => _acceptLoop = AcceptLoopAsync();

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }

    internal static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors, a reset before accept: this peer is lost, the listener goes on.
                TransportLog.AcceptError(_context.Logger, Kind, EndPoint, e);
                continue;
            }

            Accept(client);
        }
    }

    private void Accept(Socket client)
    {
        IPEndPoint? remote = null;
        var reserved = false;
        try
        {
            remote = ConnectionTable.Normalize((IPEndPoint)client.RemoteEndPoint!);
            _ = client.LocalEndPoint;
            var refusal = _context.Connections.TryReserve(remote.Address);
            if (refusal is not null)
            {
                _context.Metrics.ConnectionRefused(Kind, refusal);
                TransportLog.ConnectionRefused(_context.Logger, Kind, remote, refusal);
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                return;
            }

            reserved = true;
            client.NoDelay = true;
            ConnectionFlow flow = Kind switch
            {
                SipTransportKind.Tcp or SipTransportKind.Tls => new StreamSipFlow(Kind, client, inbound: true, _context, _certificates, clientOptions: null),
                _ => new WebSocketSipFlow(Kind, client, _context, _certificates, _options.AllowedOrigins),
            };
            _context.Metrics.ConnectionAccepted(Kind);
            _run(flow);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer reset the connection between accept and here.
            if (reserved) _context.Connections.Release(remote!.Address);
            client.Dispose();
        }
    }
}

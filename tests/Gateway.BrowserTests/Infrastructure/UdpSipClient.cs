using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>
/// A UDP socket on 127.0.0.1 that registers a user at the gateway with a Contact at its own address, and afterwards
/// stays silent: while it is open it is a callee that never answers; disposed, its port is free for a sipp UAS that
/// answers for the same binding.
/// </summary>
internal sealed class UdpSipClient : IDisposable
{
    private readonly UdpClient _socket;

    public UdpSipClient(int port = 0)
    {
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>The socket's port (the registered Contact's).</summary>
    public int Port { get; }

    /// <summary>Requests this socket received since it registered (the gateway's INVITE retransmissions, for one).</summary>
    public int RequestsReceived { get; private set; }

    /// <summary>REGISTERs <c>sip:user@127.0.0.1</c> with a Contact at this socket; returns the final status code.</summary>
    public async Task<int> RegisterAsync(int gatewayPort, string user, TimeSpan limit)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = Encoding.ASCII.GetBytes(
            $"REGISTER sip:127.0.0.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch=z9hG4bK{id};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:{user}@127.0.0.1>;tag={id[..8]}\r\n" +
            $"To: <sip:{user}@127.0.0.1>\r\n" +
            $"Call-ID: {id}@127.0.0.1\r\n" +
            "CSeq: 1 REGISTER\r\n" +
            $"Contact: <sip:{user}@127.0.0.1:{Port}>\r\n" +
            "Expires: 300\r\n" +
            "Content-Length: 0\r\n\r\n");
        var gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            await _socket.SendAsync(request, gateway, deadline.Token);
            using var retransmit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            retransmit.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var received = await _socket.ReceiveAsync(retransmit.Token);
                    var text = Encoding.ASCII.GetString(received.Buffer);
                    if (!text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) || !text.Contains(id, StringComparison.Ordinal)) continue;
                    var code = int.Parse(text.AsSpan(8, 3), System.Globalization.CultureInfo.InvariantCulture);
                    if (code >= 200) return code;
                }
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                // No answer within a second: send the REGISTER again.
            }
        }
    }

    /// <summary>Reads (and ignores) what arrives until disposed, counting requests.</summary>
    public async Task SwallowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(cancellationToken);
                if (received.Buffer.Length > 0 && received.Buffer[0] != (byte)'S') RequestsReceived++;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gateway.Media.Srtp;

/// <summary>
/// One call's two phones (one RTP socket each) and the relay ports each sends to. In SRTP mode phone A speaks
/// SDES-SRTP (its own key for what it sends, the relay's key from the answer for what it receives); B is plain.
/// </summary>
internal sealed class LoadCall(int index, string callId) : IDisposable
{
    public int Index { get; } = index;

    public string CallId { get; } = callId;

    public Socket A { get; } = Bind();

    public Socket B { get; } = Bind();

    public IPEndPoint ASendsTo { get; set; } = new(IPAddress.Loopback, 0);

    public IPEndPoint BSendsTo { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>A's SDES master key and salt (30 bytes), offered in its a=crypto.</summary>
    public byte[] AKeySalt { get; } = RandomNumberGenerator.GetBytes(30);

    /// <summary>Protects what A sends (A's key).</summary>
    public SrtpContext? AProtect { get; set; }

    /// <summary>Unprotects what A receives (the relay's key from the answer).</summary>
    public SrtpContext? AUnprotect { get; set; }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        AProtect?.Dispose();
        AUnprotect?.Dispose();
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}

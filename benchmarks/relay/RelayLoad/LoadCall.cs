using System.Net;
using System.Net.Sockets;

/// <summary>One call's two phones (one RTP socket each) and the relay ports each sends to.</summary>
internal sealed class LoadCall(int index, string callId)
{
    public int Index { get; } = index;

    public string CallId { get; } = callId;

    public Socket A { get; } = Bind();

    public Socket B { get; } = Bind();

    public IPEndPoint ASendsTo { get; set; } = new(IPAddress.Loopback, 0);

    public IPEndPoint BSendsTo { get; set; } = new(IPAddress.Loopback, 0);

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// A small SIP user agent for the media acceptance tests, over UDP, TCP or WS (subprotocol "sip") to the sample on
/// 127.0.0.1: it sends the text it is given and hands back what it receives, parsed. It owns an RTP socket whose port
/// its SDP advertises, so a test can check that media really crosses the relay.
/// </summary>
internal sealed class SipTestPeer : IAsyncDisposable
{
    private readonly Channel<SipMessage> _inbox = Channel.CreateUnbounded<SipMessage>();
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _gateway;
    private readonly Socket? _udp;
    private readonly TcpClient? _tcp;
    private readonly ClientWebSocket? _ws;
    private readonly Task _receiveLoop;
    private int _cseq;

    private SipTestPeer(SipTransportKind kind, IPEndPoint gateway, Socket? udp, TcpClient? tcp, ClientWebSocket? ws, int localPort)
    {
        Kind = kind;
        _gateway = gateway;
        _udp = udp;
        _tcp = tcp;
        _ws = ws;
        LocalPort = localPort;
        Rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _receiveLoop = kind switch
        {
            SipTransportKind.Udp => ReceiveUdpAsync(),
            SipTransportKind.Tcp => ReceiveTcpAsync(),
            _ => ReceiveWsAsync(),
        };
    }

    public SipTransportKind Kind { get; }

    public int LocalPort { get; }

    /// <summary>The socket the peer's SDP advertises for audio.</summary>
    public UdpClient Rtp { get; }

    public int RtpPort => ((IPEndPoint)Rtp.Client.LocalEndPoint!).Port;

    public bool IsWebSocket => Kind == SipTransportKind.Ws;

    public string ViaTransport => Kind switch { SipTransportKind.Udp => "UDP", SipTransportKind.Tcp => "TCP", _ => "WS" };

    /// <summary>The host in the peer's Via and Contact: a browser's .invalid name over WS, the socket's address otherwise.</summary>
    public string SentBy => IsWebSocket ? "peer" + LocalPort.ToString(CultureInfo.InvariantCulture) + ".invalid" : "127.0.0.1:" + LocalPort.ToString(CultureInfo.InvariantCulture);

    public string ContactUri(string user) => "sip:" + user + "@" + SentBy + ";transport=" + ViaTransport.ToLowerInvariant();

    public static async Task<SipTestPeer> ConnectAsync(SipTransportKind kind, int gatewayPort)
    {
        var gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        switch (kind)
        {
            case SipTransportKind.Udp:
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                return new SipTestPeer(kind, gateway, udp, null, null, ((IPEndPoint)udp.LocalEndPoint!).Port);
            case SipTransportKind.Tcp:
                var tcp = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
                await tcp.ConnectAsync(gateway);
                return new SipTestPeer(kind, gateway, null, tcp, null, ((IPEndPoint)tcp.Client.LocalEndPoint!).Port);
            case SipTransportKind.Ws:
                var ws = new ClientWebSocket();
                ws.Options.AddSubProtocol("sip");
                await ws.ConnectAsync(new Uri("ws://127.0.0.1:" + gatewayPort.ToString(CultureInfo.InvariantCulture) + "/"), CancellationToken.None);
                return new SipTestPeer(kind, gateway, null, null, ws, Random.Shared.Next(10000, 60000));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (_udp is not null) await _udp.SendToAsync(bytes, _gateway);
        else if (_tcp is not null) await _tcp.GetStream().WriteAsync(bytes);
        else await _ws!.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    public Task SendAsync(SipMessage message) => SendAsync(message.ToString()!);

    /// <summary>The next message that is not a provisional response (or, with <paramref name="provisional"/>, any).</summary>
    public async Task<SipMessage> ReceiveAsync(TimeSpan? timeout = null, bool provisional = false)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            SipMessage message;
            try
            {
                message = await _inbox.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(ViaTransport + " peer received nothing in time");
            }

            if (!provisional && message is SipResponse { StatusCode: < 200 }) continue;
            return message;
        }
    }

    public async Task<SipRequest> ReceiveRequestAsync(SipMethod method)
    {
        while (true)
        {
            if (await ReceiveAsync() is SipRequest request && request.Method == method) return request;
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync()
    {
        while (true)
        {
            if (await ReceiveAsync() is SipResponse response) return response;
        }
    }

    /// <summary>REGISTER <paramref name="user"/> at 127.0.0.1 with this peer's Contact, and wait for the 200.</summary>
    public async Task RegisterAsync(string user)
    {
        var cseq = Interlocked.Increment(ref _cseq).ToString(CultureInfo.InvariantCulture);
        var instance = IsWebSocket ? ";reg-id=1;+sip.instance=\"<urn:uuid:" + Guid.NewGuid().ToString() + ">\"" : string.Empty;
        await SendAsync(
            "REGISTER sip:127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/" + ViaTransport + " " + SentBy + ";branch=z9hG4bK" + Guid.NewGuid().ToString("N") + ";rport\r\n" +
            "From: <sip:" + user + "@127.0.0.1>;tag=r" + cseq + "\r\n" +
            "To: <sip:" + user + "@127.0.0.1>\r\n" +
            "Call-ID: reg-" + user + "-" + Guid.NewGuid().ToString("N") + "\r\n" +
            "CSeq: " + cseq + " REGISTER\r\n" +
            "Max-Forwards: 70\r\n" +
            "Contact: <" + ContactUri(user) + ">" + instance + "\r\n" +
            "Expires: 600\r\n" +
            "Content-Length: 0\r\n\r\n");
        var response = await ReceiveResponseAsync();
        if (response.StatusCode != 200) throw new InvalidOperationException("REGISTER got " + response.StatusCode.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Audio SDP for this peer's RTP socket: plain RTP/AVP, or a browser's WebRTC offer/answer over WS.</summary>
    public string Sdp(bool webRtc, string setup = "actpass")
    {
        var port = RtpPort.ToString(CultureInfo.InvariantCulture);
        var sdp = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        if (!webRtc) return sdp + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
        return sdp +
            "a=ice-lite\r\n" +
            "m=audio " + port + " UDP/TLS/RTP/SAVPF 111 0\r\n" +
            "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n" +
            "a=ice-ufrag:Pe3r\r\na=ice-pwd:asd88fgpdd777uzjYhagZg9a\r\n" +
            "a=candidate:1 1 udp 2130706431 127.0.0.1 " + port + " typ host\r\n" +
            "a=fingerprint:sha-256 " + Fingerprint + "\r\n" +
            "a=setup:" + setup + "\r\n" +
            "a=mid:0\r\na=rtcp-mux\r\na=sendrecv\r\n";
    }

    public static SipResponse Answer(SipRequest invite, string toTag, string contact, string? sdp)
    {
        var ok = SipResponse.CreateFor(invite, 200, "OK");
        var to = ok.To!;
        to.Tag = toTag;
        ok.SetTo(to);
        foreach (var rr in invite.Headers.GetValues("Record-Route")) ok.Headers.Add("Record-Route", rr);
        ok.Headers.Add("Contact", "<" + contact + ">");
        if (sdp is not null) ok.SetBody(Encoding.ASCII.GetBytes(sdp), "application/sdp");
        return ok;
    }

    /// <summary>An INVITE from <paramref name="user"/> to <paramref name="callee"/>@127.0.0.1 carrying <paramref name="sdp"/>.</summary>
    public string Invite(string user, string callee, string callId, string? sdp)
    {
        var body = sdp ?? string.Empty;
        return "INVITE sip:" + callee + "@127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/" + ViaTransport + " " + SentBy + ";branch=z9hG4bK" + Guid.NewGuid().ToString("N") + ";rport\r\n" +
            "From: <sip:" + user + "@127.0.0.1>;tag=caller-" + user + "\r\n" +
            "To: <sip:" + callee + "@127.0.0.1>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Max-Forwards: 70\r\n" +
            "Contact: <" + ContactUri(user) + ">\r\n" +
            (sdp is null ? string.Empty : "Content-Type: application/sdp\r\n") +
            "Content-Length: " + Encoding.ASCII.GetByteCount(body).ToString(CultureInfo.InvariantCulture) + "\r\n\r\n" + body;
    }

    /// <summary>An ACK or BYE inside the dialog the 200 <paramref name="ok"/> set up (its Contact as target, its Record-Routes reversed).</summary>
    public string InDialog(string method, SipResponse ok, int cseq, string user)
    {
        var contact = ok.Headers.GetFirstValue("Contact")!;
        var target = contact.Substring(contact.IndexOf('<', StringComparison.Ordinal) + 1);
        target = target[..target.IndexOf('>', StringComparison.Ordinal)];
        var routes = new StringBuilder();
        var recordRoutes = new List<string>();
        foreach (var value in ok.Headers.GetValues("Record-Route")) recordRoutes.AddRange(value.Split(','));
        for (var i = recordRoutes.Count - 1; i >= 0; i--) routes.Append("Route: ").Append(recordRoutes[i].Trim()).Append("\r\n");
        return method + " " + target + " SIP/2.0\r\n" +
            "Via: SIP/2.0/" + ViaTransport + " " + SentBy + ";branch=z9hG4bK" + Guid.NewGuid().ToString("N") + ";rport\r\n" +
            "From: " + ok.Headers.GetFirstValue("From") + "\r\n" +
            "To: " + ok.Headers.GetFirstValue("To") + "\r\n" +
            "Call-ID: " + ok.CallId + "\r\n" +
            "CSeq: " + cseq.ToString(CultureInfo.InvariantCulture) + " " + method + "\r\n" +
            routes +
            "Max-Forwards: 70\r\n" +
            "Contact: <" + ContactUri(user) + ">\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    public static string Body(SipMessage message) => Encoding.ASCII.GetString(message.Body.Span);

    /// <summary>A made-up SHA-256 certificate fingerprint: the SDP tests never complete a handshake.</summary>
    private static string Fingerprint => "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        if (_ws is not null)
        {
            _ws.Abort();
            _ws.Dispose();
        }

        try
        {
            await _receiveLoop;
        }
        catch (Exception)
        {
            // The loop ends with its socket.
        }

        Rtp.Dispose();
        _stop.Dispose();
    }

    private void Deliver(ReadOnlyMemory<byte> bytes)
    {
        var result = SipMessageParser.Parse(bytes.ToArray());
        if (result.Message is not null) _inbox.Writer.TryWrite(result.Message);
    }

    private async Task ReceiveUdpAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var result = await _udp!.ReceiveFromAsync(buffer, any, _stop.Token);
            if (result.ReceivedBytes > 4) Deliver(buffer.AsMemory(0, result.ReceivedBytes));
        }
    }

    private async Task ReceiveTcpAsync()
    {
        var stream = _tcp!.GetStream();
        var pending = new List<byte>();
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0) return;
            pending.AddRange(buffer.AsSpan(0, read));
            while (TryFrame(pending, out var length))
            {
                Deliver(pending.GetRange(0, length).ToArray());
                pending.RemoveRange(0, length);
            }
        }
    }

    private static bool TryFrame(List<byte> pending, out int length)
    {
        length = 0;
        while (pending.Count >= 2 && pending[0] == '\r' && pending[1] == '\n') pending.RemoveRange(0, 2);
        var text = Encoding.ASCII.GetString(pending.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var contentLength = 0;
        foreach (var line in text[..end].Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) contentLength = int.Parse(line[15..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("l:", StringComparison.OrdinalIgnoreCase)) contentLength = int.Parse(line[2..].Trim(), CultureInfo.InvariantCulture);
        }

        length = end + 4 + contentLength;
        return pending.Count >= length;
    }

    private async Task ReceiveWsAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _ws!.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
                length += result.Count;
            }
            while (!result.EndOfMessage);
            Deliver(buffer.AsMemory(0, length));
        }
    }
}

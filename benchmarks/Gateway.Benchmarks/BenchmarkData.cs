using System.Text;

namespace Gateway.Benchmarks;

/// <summary>Fixed inputs for the benchmarks: what a JsSIP browser client sends to the gateway.</summary>
internal static class BenchmarkData
{
    /// <summary>(a) A REGISTER from a browser over WebSocket (RFC 7118 + RFC 5626 outbound), about 600 octets.</summary>
    public static readonly byte[] Register = Encoding.ASCII.GetBytes(
        "REGISTER sip:example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/WSS 2bqk5u8vjh3e.invalid;branch=z9hG4bK1617418\r\n" +
        "Max-Forwards: 69\r\n" +
        "To: \"Alice\" <sip:alice@example.com>\r\n" +
        "From: \"Alice\" <sip:alice@example.com>;tag=ih8v9u0c6s\r\n" +
        "Call-ID: pebnq5lk1h2kvpsoomse0e\r\n" +
        "CSeq: 83 REGISTER\r\n" +
        "Contact: <sip:c0j2a6k3@2bqk5u8vjh3e.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:0a4c2d2e-4b2a-4a1f-9b8e-3d7c5e6f7a8b>\";expires=600\r\n" +
        "Expires: 600\r\n" +
        "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r\n" +
        "Supported: path,gruu,outbound\r\n" +
        "User-Agent: JsSIP 3.10.1\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    private const string Sdp =
        "v=0\r\n" +
        "o=- 7169721126327183323 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS 3f4c1a2b-9d8e-4f7a-b6c5-1e2d3c4b5a69\r\n" +
        "m=audio 54400 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 198.51.100.33\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate:2999745851 1 udp 2122260223 192.168.1.33 54400 typ host generation 0 network-id 1 network-cost 10\r\n" +
        "a=candidate:1425415530 1 udp 1686052607 198.51.100.33 54400 typ srflx raddr 192.168.1.33 rport 54400 generation 0 network-id 1 network-cost 10\r\n" +
        "a=candidate:4233069003 1 tcp 1518280447 192.168.1.33 9 typ host tcptype active generation 0 network-id 1 network-cost 10\r\n" +
        "a=candidate:2999745852 1 udp 2122194687 10.0.0.33 54401 typ host generation 0 network-id 2 network-cost 50\r\n" +
        "a=candidate:3356438474 1 udp 2122129151 2001:db8:85a3::8a2e:370:7334 54402 typ host generation 0 network-id 3 network-cost 10\r\n" +
        "a=candidate:1510613869 1 udp 2122063615 fd00:1234:5678::33 54403 typ host generation 0 network-id 4 network-cost 50\r\n" +
        "a=candidate:2199032595 1 tcp 1518149375 2001:db8:85a3::8a2e:370:7334 9 typ host tcptype active generation 0 network-id 3 network-cost 10\r\n" +
        "a=candidate:344579997 1 tcp 1518083839 fd00:1234:5678::33 9 typ host tcptype active generation 0 network-id 4 network-cost 50\r\n" +
        "a=candidate:842163049 1 udp 1685987071 203.0.113.77 61234 typ srflx raddr 10.0.0.33 rport 54401 generation 0 network-id 2 network-cost 50\r\n" +
        "a=ice-ufrag:nWnq\r\n" +
        "a=ice-pwd:DTdCVj00s9nGkNgWra0P30A2\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 A4:67:3A:52:5C:D4:9C:65:45:9D:61:43:B2:EC:31:E8:42:4E:EC:54:C9:70:E3:89:28:94:3E:5C:3C:ED:FC:64\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:3f4c1a2b-9d8e-4f7a-b6c5-1e2d3c4b5a69 06574f1e-f4bf-4b6d-b66c-3493cd7ab50f\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n" +
        "a=ssrc:3262661846 cname:yFbnkIWTHwPXy6MO\r\n" +
        "a=ssrc:3262661846 msid:3f4c1a2b-9d8e-4f7a-b6c5-1e2d3c4b5a69 06574f1e-f4bf-4b6d-b66c-3493cd7ab50f\r\n" +
        "a=ssrc:3262661846 mslabel:3f4c1a2b-9d8e-4f7a-b6c5-1e2d3c4b5a69\r\n" +
        "a=ssrc:3262661846 label:06574f1e-f4bf-4b6d-b66c-3493cd7ab50f\r\n";

    /// <summary>(b) An INVITE from a browser carrying a WebRTC SDP offer, about 3 KB.</summary>
    public static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/WSS 2bqk5u8vjh3e.invalid;branch=z9hG4bK8827361\r\n" +
        "Max-Forwards: 69\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "From: \"Alice\" <sip:alice@example.com>;tag=2l9ahb1s7u\r\n" +
        "Call-ID: 9d0p4mkn1bta3v6bq8lf\r\n" +
        "CSeq: 7218 INVITE\r\n" +
        "Route: <sip:proxy.example.com:8443;transport=ws;lr>\r\n" +
        "Contact: <sip:alice@example.com;gr=urn:uuid:0a4c2d2e-4b2a-4a1f-9b8e-3d7c5e6f7a8b;ob>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Session-Expires: 90\r\n" +
        "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r\n" +
        "Supported: timer,gruu,ice,replaces,outbound\r\n" +
        "User-Agent: JsSIP 3.10.1\r\n" +
        "Content-Length: " + Sdp.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n" +
        "\r\n" + Sdp);

    /// <summary>The Record-Route value the proxy inserts (computed once, as a proxy would).</summary>
    public const string RecordRoute = "<sip:192.0.2.10:8443;transport=ws;lr>";
}

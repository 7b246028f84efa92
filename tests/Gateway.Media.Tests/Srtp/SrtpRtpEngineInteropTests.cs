using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gateway.Media.Rtp;
using Gateway.Media.Srtp;
using Gateway.Media.Tests.Ng;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Srtp;

/// <summary>
/// Interop with a real, independent SRTP implementation: rtpengine bridges a plain RTP/AVP leg (A) to an RTP/SAVP
/// leg with SDES (B). We are both ends: A sends and receives plain RTP; B decrypts what rtpengine encrypted with the key
/// of its offer's <c>a=crypto</c>, and sends SRTP under our own key from the answer, which rtpengine must decrypt.
/// </summary>
public sealed class SrtpRtpEngineInteropTests : IClassFixture<RtpEngineProcess>
{
    private const int Packets = 5;
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(3);

    private readonly RtpEngineProcess _rtpengine;
    private readonly ITestOutputHelper _output;

    public SrtpRtpEngineInteropTests(RtpEngineProcess rtpengine, ITestOutputHelper output)
    {
        _rtpengine = rtpengine;
        _output = output;
    }

    [RtpEngineTheory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AES_CM_128_HMAC_SHA1_32")]
    [InlineData("AES_256_CM_HMAC_SHA1_80")]
    [InlineData("AEAD_AES_128_GCM")]
    [InlineData("AEAD_AES_256_GCM")]
    public async Task Sdes_RtpEngineBridgesAvpToSavp_BothDirectionsDecrypt(string suite)
    {
        Assert.True(SrtpProfile.TryFromName(suite, out var profile));
        await _rtpengine.EnsureStartedAsync();
        using var legA = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var legB = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var rtcpA = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var rtcpB = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var portA = Port(legA);
        var portB = Port(legB);
        var callId = "srtp-interop-" + suite + "-" + Guid.NewGuid().ToString("N");
        try
        {
            // Offer from A (plain RTP/AVP); rtpengine turns it into RTP/SAVP with SDES toward B.
            var offer = await _rtpengine.CommandAsync(new Dictionary<string, object>
            {
                ["command"] = "offer",
                ["call-id"] = callId,
                ["from-tag"] = "tag-a",
                ["sdp"] = Sdp(portA, Port(rtcpA), "RTP/AVP", crypto: null),
                ["transport-protocol"] = "RTP/SAVP",
                ["ICE"] = "remove",
                ["DTLS"] = "off",
            });
            var offerSdp = Result(offer);
            _output.WriteLine("rtpengine offer toward B:\n" + offerSdp);
            var (engineBPort, _) = MediaLine(offerSdp);
            var (tag, engineKey) = Crypto(offerSdp, suite);

            // Answer from B (RTP/SAVP) with our own key for B → rtpengine.
            var ourKey = RandomNumberGenerator.GetBytes(profile.MasterKeyMaterialLength);
            var answer = await _rtpengine.CommandAsync(new Dictionary<string, object>
            {
                ["command"] = "answer",
                ["call-id"] = callId,
                ["from-tag"] = "tag-a",
                ["to-tag"] = "tag-b",
                ["sdp"] = Sdp(portB, Port(rtcpB), "RTP/SAVP", $"a=crypto:{tag} {suite} inline:{Convert.ToBase64String(ourKey)}"),
            });
            var answerSdp = Result(answer);
            _output.WriteLine("rtpengine answer toward A:\n" + answerSdp);
            var (engineAPort, protocolA) = MediaLine(answerSdp);
            Assert.Equal("RTP/AVP", protocolA);

            using var fromEngine = new SrtpContext(profile, engineKey.AsSpan(0, profile.CipherKeyLength), engineKey.AsSpan(profile.CipherKeyLength), SrtpDirection.Unprotect);
            using var toEngine = new SrtpContext(profile, ourKey.AsSpan(0, profile.CipherKeyLength), ourKey.AsSpan(profile.CipherKeyLength), SrtpDirection.Protect);

            // A → rtpengine (plain) → B (SRTP under rtpengine's key): B decrypts, payload equals.
            for (var i = 0; i < Packets; i++)
            {
                var plain = PcmuPacket((ushort)(4000 + i), 0x0A0A0A0A);
                await legA.SendAsync(plain, new IPEndPoint(IPAddress.Loopback, engineAPort));
                var received = await ReceiveRtpAsync(legB);
                Assert.Equal(plain.Length + profile.RtpAuthTagLength, received.Length);
                var buffer = received.ToArray();
                Assert.True(fromEngine.TryUnprotectRtp(buffer, buffer.Length, out var plainLength, out var status), $"packet {i}: {status}");
                Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(buffer, 0, plainLength));
            }

            // B → rtpengine (SRTP under our key) → A (plain): rtpengine decrypts, A receives what B sent.
            for (var i = 0; i < Packets; i++)
            {
                var plain = PcmuPacket((ushort)(9000 + i), 0x0B0B0B0B);
                var buffer = new byte[plain.Length + toEngine.RtpOverhead];
                plain.CopyTo(buffer, 0);
                Assert.True(toEngine.TryProtectRtp(buffer, plain.Length, out var protectedLength));
                await legB.SendAsync(buffer.AsMemory(0, protectedLength), new IPEndPoint(IPAddress.Loopback, engineBPort));
                var received = await ReceiveRtpAsync(legA);
                Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(received));
            }

            // RTCP both ways (a=rtcp ports): A's RR becomes SRTCP toward B, B's SRTCP becomes plain RTCP at A.
            var engineARtcp = RtcpPort(answerSdp);
            var engineBRtcp = RtcpPort(offerSdp);
            for (var i = 0; i < 3; i++)
            {
                var report = ReceiverReport(0x0A0A0A0A, i);
                await rtcpA.SendAsync(report, new IPEndPoint(IPAddress.Loopback, engineARtcp));
                var received = await ReceiveAsync(rtcpB, PacketKind.Rtcp);
                Assert.Equal(report.Length + profile.RtcpAuthTagLength + 4, received.Length);
                Assert.True(fromEngine.TryUnprotectRtcp(received, received.Length, out var plainLength, out var status), $"SRTCP {i}: {status}");
                Assert.Equal(Convert.ToHexString(report), Convert.ToHexString(received, 0, plainLength));

                var ours = ReceiverReport(0x0B0B0B0B, i);
                var buffer = new byte[ours.Length + toEngine.RtcpOverhead];
                ours.CopyTo(buffer, 0);
                Assert.True(toEngine.TryProtectRtcp(buffer, ours.Length, out var protectedLength));
                await rtcpB.SendAsync(buffer.AsMemory(0, protectedLength), new IPEndPoint(IPAddress.Loopback, engineBRtcp));
                Assert.Equal(Convert.ToHexString(ours), Convert.ToHexString(await ReceiveAsync(rtcpA, PacketKind.Rtcp)));
            }

            Assert.Equal(Packets, fromEngine.RtpPackets);
            Assert.Equal(3, fromEngine.RtcpPackets);
            Assert.Equal(0, fromEngine.AuthenticationFailures);
        }
        catch
        {
            _output.WriteLine("rtpengine log:\n" + _rtpengine.Log);
            throw;
        }
        finally
        {
            try
            {
                await _rtpengine.CommandAsync(new Dictionary<string, object> { ["command"] = "delete", ["call-id"] = callId, ["from-tag"] = "tag-a" });
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static Task<byte[]> ReceiveRtpAsync(UdpClient socket) => ReceiveAsync(socket, PacketKind.Rtp);

    private static async Task<byte[]> ReceiveAsync(UdpClient socket, PacketKind kind)
    {
        using var cts = new CancellationTokenSource(ReceiveTimeout);
        while (true)
        {
            UdpReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {kind} arrived from rtpengine within {ReceiveTimeout}");
            }

            if (PacketClassifier.Classify(result.Buffer) == kind) return result.Buffer;
        }
    }

    private static byte[] PcmuPacket(ushort sequence, uint ssrc)
    {
        var packet = new byte[12 + 160];
        RtpHeader.TryWrite(packet, marker: sequence % 5 == 0, payloadType: 0, sequence, 160u * sequence, ssrc, out _);
        for (var i = 12; i < packet.Length; i++) packet[i] = (byte)(0xFF - ((i + sequence) % 64));
        return packet;
    }

    private static byte[] ReceiverReport(uint ssrc, int n)
    {
        // RR with one report block (RFC 3550 §6.4.2): 8-byte header + 24-byte block.
        var packet = new byte[32];
        new RtcpHeader((byte)RtcpPacketType.ReceiverReport, 1, 7, ssrc).TryWrite(packet, out _);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x0C0C0C0C);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), (uint)n);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), 4000u + (uint)n);
        return packet;
    }

    private static int Port(UdpClient socket) => ((IPEndPoint)socket.Client.LocalEndPoint!).Port;

    private static int RtcpPort(string sdp)
    {
        var line = Lines(sdp).Single(l => l.StartsWith("a=rtcp:", StringComparison.Ordinal));
        return int.Parse(line["a=rtcp:".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Sdp(int port, int rtcpPort, string protocol, string? crypto) =>
        "v=0\r\n" +
        "o=- 1545997027 1 IN IP4 127.0.0.1\r\n" +
        "s=gateway-interop\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        $"m=audio {port} {protocol} 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        $"a=rtcp:{rtcpPort}\r\n" +
        (crypto is null ? string.Empty : crypto + "\r\n") +
        "a=sendrecv\r\n";

    private static string Result(SortedDictionary<string, object> reply)
    {
        var result = BencodeTree.Text(reply["result"]);
        if (result != "ok")
        {
            var reason = reply.TryGetValue("error-reason", out var r) ? BencodeTree.Text(r) : "(no reason)";
            throw new InvalidOperationException($"rtpengine answered result={result}: {reason}");
        }

        return BencodeTree.Text(reply["sdp"]);
    }

    private static (int Port, string Protocol) MediaLine(string sdp)
    {
        var line = Lines(sdp).Single(l => l.StartsWith("m=audio ", StringComparison.Ordinal)).Split(' ');
        return (int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture), line[2]);
    }

    private static (string Tag, byte[] KeyMaterial) Crypto(string sdp, string suite)
    {
        foreach (var line in Lines(sdp))
        {
            if (!line.StartsWith("a=crypto:", StringComparison.Ordinal)) continue;
            var parts = line["a=crypto:".Length..].Split(' ');
            if (parts[1] != suite) continue;
            var inline = parts[2]["inline:".Length..].Split('|')[0];
            inline = inline.PadRight((inline.Length + 3) / 4 * 4, '='); // rtpengine leaves out base64 padding
            return (parts[0], Convert.FromBase64String(inline));
        }

        throw new InvalidOperationException($"rtpengine's offer has no a=crypto line for {suite}:\n{sdp}");
    }

    private static string[] Lines(string sdp) => sdp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}

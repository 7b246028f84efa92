using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// "[sample]" acceptance with media: real calls through the sample's in-process relay (rtpengine_offer/answer/delete
/// in the route's hooks). sipp on UDP on one side, <see cref="SipTestPeer"/> (UDP, TCP or WS) on the other; the SDP
/// each side receives is checked to point at the relay, RTP is sent across it, and <c>/media</c> must be empty after
/// BYE. One sample host (relay ports <see cref="MinPort"/>–<see cref="MaxPort"/>) serves the class.
/// </summary>
public sealed class SampleMediaTests(SampleMediaTests.HostFixture fixture, ITestOutputHelper output) : IClassFixture<SampleMediaTests.HostFixture>, IDisposable
{
    private readonly int _firstLogLine = fixture.Host.Logs.Lines.Count;

    internal const int MinPort = 42000;
    internal const int MaxPort = 42999;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private SampleHost Host => fixture.Host;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Call_UdpSippToTcpCallee_SdpPointsAtRelay_RtpCrossesBothWays_ByeRemovesMedia()
    {
        await using var callee = await SipTestPeer.ConnectAsync(SipTransportKind.Tcp, Host.Port(SipTransportKind.Tcp));
        await callee.RegisterAsync("tcpbob");
        var mediaPort = FreeEvenUdpPort();

        // sipp echoes on its media port whatever RTP reaches it; it holds the call 4 s before BYE.
        await using var caller = StartSippUac(MediaScenario("uac-media-call.xml", "42", 4000), "tcpbob", "-rtp_echo", "-mp", Text(mediaPort));
        var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
        var offer = SipTestPeer.Body(invite);
        output.WriteLine(offer);
        var relayPort = AssertPointsAtRelay(offer, "RTP/AVP");
        Assert.NotEqual(mediaPort, relayPort);
        await callee.SendAsync(SipTestPeer.Answer(invite, "tcpb1", callee.ContactUri("tcpbob"), callee.Sdp(webRtc: false)));
        Assert.True((await callee.ReceiveRequestAsync(SipMethod.Ack)).Method.IsAck);

        // callee → relay → sipp (echo) → relay → callee.
        var received = await RoundTripAsync(callee.Rtp, new IPEndPoint(IPAddress.Loopback, relayPort));
        Assert.True(received, "no RTP came back through the relay; sipp: " + caller.Output);

        var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
        await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));
        Assert.Equal(0, await WaitAsync(caller));
        await AssertNoMediaAsync(bye.CallId!);
    }

    [Fact]
    public async Task LateSdp_OfferIn200AnswerInAck_SessionHasBothSides_AckSdpRewritten()
    {
        await using var callee = await SipTestPeer.ConnectAsync(SipTransportKind.Udp, Host.Port(SipTransportKind.Udp));
        await callee.RegisterAsync("latebob");
        var mediaPort = FreeEvenUdpPort();
        await using var caller = StartSippUac(MediaScenario("uac-late-sdp.xml", "42", 1500), "latebob", "-mp", Text(mediaPort));
        var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
        Assert.True(invite.Body.IsEmpty);
        await callee.SendAsync(SipTestPeer.Answer(invite, "late1", callee.ContactUri("latebob"), callee.Sdp(webRtc: false)));
        var ack = await callee.ReceiveRequestAsync(SipMethod.Ack);
        var answer = SipTestPeer.Body(ack);
        output.WriteLine(answer);
        var relayPort = AssertPointsAtRelay(answer, "RTP/AVP");
        Assert.NotEqual(mediaPort, relayPort);

        var session = await FindSessionAsync(invite.CallId!);
        Assert.True(session.HasValue, "no media session for the late-SDP call");
        // The offer came from the callee (the 200), so the session is keyed as rtpengine keys it: from-tag = the
        // offerer's tag. Both sides are there, each with the address its own SDP gave.
        Assert.Equal("late1", session.Value.GetProperty("fromTag").GetString());
        Assert.Equal(invite.From!.Tag, session.Value.GetProperty("toTag").GetString());
        var tags = new HashSet<string>();
        var remotes = new HashSet<string>();
        foreach (var stream in session.Value.GetProperty("streams").EnumerateArray())
        {
            tags.Add(stream.GetProperty("tag").GetString()!);
            remotes.Add(stream.GetProperty("remote").GetString()!);
        }

        Assert.Contains("127.0.0.1:" + Text(callee.RtpPort), remotes);
        Assert.Contains("127.0.0.1:" + Text(mediaPort), remotes);
        Assert.Equal(2, tags.Count);

        var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
        await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));
        Assert.Equal(0, await WaitAsync(caller));
        await AssertNoMediaAsync(invite.CallId!);
    }

    [Fact]
    public async Task WsCallee_CalledBySippOnUdp_InviteOverSocketCarriesWebRtcSdp()
    {
        await using var callee = await SipTestPeer.ConnectAsync(SipTransportKind.Ws, Host.Port(SipTransportKind.Ws));
        await callee.RegisterAsync("wsalice");
        await using var caller = StartSippUac(MediaScenario("uac-media-call.xml", "42", 500), "wsalice", "-mp", Text(FreeEvenUdpPort()));
        var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
        Assert.Equal("WS", invite.TopVia!.Transport);
        var offer = SipTestPeer.Body(invite);
        output.WriteLine(offer);
        AssertPointsAtRelay(offer, "UDP/TLS/RTP/SAVPF");
        AssertWebRtc(offer, expected: true);
        Assert.Contains("a=rtcp-mux", offer, StringComparison.Ordinal);

        // The browser answers; sipp checks that its 200 is RTP/AVP on the relay (the scenario's ereg).
        await callee.SendAsync(SipTestPeer.Answer(invite, "wsa1", callee.ContactUri("wsalice"), callee.Sdp(webRtc: true, setup: "active")));
        var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
        await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));
        Assert.Equal(0, await WaitAsync(caller));
        await AssertNoMediaAsync(invite.CallId!);
    }

    [Theory]
    [InlineData(SipTransportKind.Ws, SipTransportKind.Ws)]
    [InlineData(SipTransportKind.Ws, SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Udp, SipTransportKind.Ws)]
    [InlineData(SipTransportKind.Udp, SipTransportKind.Udp)]
    public async Task FlagCombination_OfferAndAnswer_ProtocolAndIceDtlsMatchEachSide(SipTransportKind from, SipTransportKind to)
    {
        var suffix = from.ToString().ToLowerInvariant() + to.ToString().ToLowerInvariant();
        await using var caller = await SipTestPeer.ConnectAsync(from, Host.Port(from));
        await using var callee = await SipTestPeer.ConnectAsync(to, Host.Port(to));
        await callee.RegisterAsync("callee" + suffix);
        var callId = "flags-" + suffix + "-" + Guid.NewGuid().ToString("N");
        await caller.SendAsync(caller.Invite("caller" + suffix, "callee" + suffix, callId, caller.Sdp(caller.IsWebSocket)));

        var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
        var offer = SipTestPeer.Body(invite);
        output.WriteLine("offer to callee:\n" + offer);
        AssertPointsAtRelay(offer, callee.IsWebSocket ? "UDP/TLS/RTP/SAVPF" : "RTP/AVP");
        AssertWebRtc(offer, callee.IsWebSocket);

        await callee.SendAsync(SipTestPeer.Answer(invite, "tag" + suffix, callee.ContactUri("callee" + suffix), callee.Sdp(callee.IsWebSocket, setup: "active")));
        var ok = await caller.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        var answer = SipTestPeer.Body(ok);
        output.WriteLine("answer to caller:\n" + answer);
        AssertPointsAtRelay(answer, caller.IsWebSocket ? "UDP/TLS/RTP/SAVPF" : "RTP/AVP");
        AssertWebRtc(answer, caller.IsWebSocket);

        await caller.SendAsync(caller.InDialog("ACK", ok, 1, "caller" + suffix));
        await callee.ReceiveRequestAsync(SipMethod.Ack);
        await caller.SendAsync(caller.InDialog("BYE", ok, 2, "caller" + suffix));
        var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
        await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));
        Assert.Equal(200, (await caller.ReceiveResponseAsync()).StatusCode);
        await AssertNoMediaAsync(callId);
    }

    /// <summary>Writes the sample's log lines of this test to the test output.</summary>
    public void Dispose()
    {
        var lines = Host.Logs.Lines;
        for (var i = _firstLogLine; i < lines.Count; i++) output.WriteLine("[" + lines[i].Level + "] " + lines[i].Category + ": " + lines[i].Message);
    }

    /// <summary>The SDP's c= is the relay's 127.0.0.1 and its audio m= line a relay port with <paramref name="protocol"/>; returns the port.</summary>
    internal static int AssertPointsAtRelay(string sdp, string protocol, int min = MinPort, int max = MaxPort)
    {
        Assert.Contains("c=IN IP4 127.0.0.1", sdp, StringComparison.Ordinal);
        var m = sdp.IndexOf("m=audio ", StringComparison.Ordinal);
        Assert.True(m >= 0, "no audio m= line: " + sdp);
        var fields = sdp[(m + 8)..sdp.IndexOf('\n', m)].Trim().Split(' ');
        var port = int.Parse(fields[0], CultureInfo.InvariantCulture);
        Assert.InRange(port, min, max);
        Assert.Equal(protocol, fields[1]);
        return port;
    }

    private static void AssertWebRtc(string sdp, bool expected)
    {
        foreach (var attribute in new[] { "a=ice-ufrag:", "a=ice-pwd:", "a=candidate:", "a=fingerprint:", "a=setup:" })
        {
            Assert.True(sdp.Contains(attribute, StringComparison.Ordinal) == expected, (expected ? "missing " : "unexpected ") + attribute + " in\n" + sdp);
        }
    }

    internal static string MediaScenario(string name, string portPrefix, int holdMilliseconds)
    {
        var text = File.ReadAllText(Sipp.Scenario(name)).Replace("PORTPREFIX", portPrefix, StringComparison.Ordinal).Replace("HOLDMS", Text(holdMilliseconds), StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), "gw-" + Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllText(path, text);
        return path;
    }

    private Sipp StartSippUac(string scenario, string callee, params string[] extra) => StartSippUac(Host, scenario, callee, extra);

    internal static Sipp StartSippUac(SampleHost host, string scenario, string callee, params string[] extra) =>
        Sipp.Start(["127.0.0.1:" + Text(host.Port(SipTransportKind.Udp)), "-sf", scenario, "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", Text(Sipp.FreePort()), "-t", "u1", "-s", callee, "-m", "1", "-timeout", "20s", .. extra]);

    private async Task<int> WaitAsync(Sipp sipp)
    {
        var code = await sipp.WaitAsync(Limit);
        if (code != 0) output.WriteLine(sipp.Output);
        return code;
    }

    internal static int FreeEvenUdpPort()
    {
        for (var i = 0; i < 100; i++)
        {
            var port = 30000 + (2 * Random.Shared.Next(0, 4000));
            try
            {
                using var a = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                using var b = new UdpClient(new IPEndPoint(IPAddress.Loopback, port + 2));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free UDP port pair");
    }

    /// <summary>Sends RTP packets to <paramref name="relay"/> every 20 ms until one comes back (3 s at most).</summary>
    private static async Task<bool> RoundTripAsync(UdpClient socket, IPEndPoint relay)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[8] = 0x12;
        packet[9] = 0x34;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var receive = socket.ReceiveAsync(cts.Token).AsTask();
        for (ushort seq = 1; !cts.IsCancellationRequested; seq++)
        {
            packet[2] = (byte)(seq >> 8);
            packet[3] = (byte)seq;
            await socket.SendAsync(packet, relay);
            var done = await Task.WhenAny(receive, Task.Delay(20, CancellationToken.None));
            if (done == receive)
            {
                try
                {
                    var result = await receive;
                    return result.Buffer.Length == packet.Length && result.Buffer[8] == 0x12;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return false;
    }

    private async Task<JsonElement?> FindSessionAsync(string callId)
    {
        var json = JsonDocument.Parse((await Host.GetAsync("/media")).Body).RootElement;
        output.WriteLine(json.ToString());
        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("callId").GetString() == callId) return item.Clone();
        }

        return null;
    }

    private async Task AssertNoMediaAsync(string callId)
    {
        // The BYE's delete runs as the proxy relays it; give it a moment on a slow machine.
        for (var i = 0; i < 20 && await FindSessionAsync(callId) is not null; i++) await Task.Delay(100);
        Assert.Null(await FindSessionAsync(callId));
    }

    /// <summary>One sample host for the class, its relay on 127.0.0.1 in <see cref="MinPort"/>–<see cref="MaxPort"/>.</summary>
    public sealed class HostFixture : IAsyncLifetime
    {
        private SampleHost? _host;

        internal SampleHost Host => _host ?? throw new InvalidOperationException("Not started.");

        public async Task InitializeAsync() =>
            _host = await SampleHost.StartAsync("--Gateway:Media:MinPort=" + Text(MinPort), "--Gateway:Media:MaxPort=" + Text(MaxPort), "--Gateway:Media:Interface=127.0.0.1");

        public async Task DisposeAsync()
        {
            if (_host is not null) await _host.DisposeAsync();
        }
    }
}

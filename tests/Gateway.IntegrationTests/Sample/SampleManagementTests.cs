using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gateway.Core.Media;
using Gateway.Core.Registrar;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResidentialGateway.Management;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// The sample's management endpoint (the tutorial's mi_fifo), in-process, over HTTP on loopback: every endpoint's
/// JSON, the bearer token, and the refusal of a non-loopback binding without a token.
/// </summary>
public sealed class SampleManagementTests
{
    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task Health_Running_HealthyWithEveryListener()
    {
        await using var host = await SampleHost.StartAsync();
        var (status, body) = await host.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, status);
        var json = Json(body);
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var transports = json.GetProperty("listeners").EnumerateArray().Select(l => l.GetProperty("transport").GetString()!).ToArray();
        Assert.Equal(["udp", "tcp", "tls", "ws", "wss"], transports);
        Assert.Equal(host.Port(SipTransportKind.Udp).ToString(System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("listeners")[0].GetProperty("endPoint").GetString()!.Split(':')[1]);
    }

    [Fact]
    public async Task Registrations_StoredBinding_ListedByAorWithExpiryAndFlow()
    {
        await using var host = await SampleHost.StartAsync();
        var store = host.Services.GetRequiredService<ILocationStore>();
        var now = DateTimeOffset.UtcNow;
        await store.UpsertAsync(new SipBinding
        {
            Aor = "sip:alice@127.0.0.1",
            Contact = "sip:alice@df7jal23ls0d.invalid;transport=ws",
            ExpiresAt = now.AddSeconds(600),
            UpdatedAt = now,
            CallId = "reg-1",
            CSeq = 7,
            FlowId = "no-such-flow",
            UserAgent = "test",
        });

        var json = Json((await host.GetAsync("/registrations")).Body);
        Assert.Equal(1, json.GetProperty("aors").GetInt32());
        var aor = json.GetProperty("items")[0];
        Assert.Equal("sip:alice@127.0.0.1", aor.GetProperty("aor").GetString());
        var contact = aor.GetProperty("contacts")[0];
        Assert.Equal("sip:alice@df7jal23ls0d.invalid;transport=ws", contact.GetProperty("contact").GetString());
        Assert.InRange(contact.GetProperty("expiresInSeconds").GetInt64(), 590, 600);
        Assert.Equal("no-such-flow", contact.GetProperty("flowId").GetString());
        Assert.False(contact.GetProperty("flowOpen").GetBoolean());
        Assert.Equal(7u, contact.GetProperty("cSeq").GetUInt32());

        var filtered = Json((await host.GetAsync("/registrations?aor=sip:bob@127.0.0.1")).Body);
        Assert.Equal(0, filtered.GetProperty("bindings").GetInt32());
        var limited = Json((await host.GetAsync("/registrations?limit=0")).Body);
        Assert.True(limited.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Transactions_PendingInvite_CountedAndListedWithCallId()
    {
        await using var host = await SampleHost.StartAsync();
        var empty = Json((await host.GetAsync("/transactions")).Body);
        Assert.Equal(0, empty.GetProperty("server").GetInt32());

        // An INVITE to a user that has a binding toward a silent port: the server transaction stays alive (ringing
        // nowhere) while its client transaction retransmits.
        var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var silentPort = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        var store = host.Services.GetRequiredService<ILocationStore>();
        await store.UpsertAsync(new SipBinding
        {
            Aor = "sip:carol@127.0.0.1",
            Contact = $"sip:carol@127.0.0.1:{silentPort}",
            ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10),
            CallId = "reg-carol",
        });
        using var caller = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await caller.SendAsync(Encoding.ASCII.GetBytes(Invite("tx-call-1", caller, host)), new IPEndPoint(IPAddress.Loopback, host.Port(SipTransportKind.Udp)));
        await silent.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));

        var json = Json((await host.GetAsync("/transactions")).Body);
        Assert.Equal(1, json.GetProperty("server").GetInt32());
        Assert.Equal(1, json.GetProperty("client").GetInt32());
        var items = json.GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "server" && i.GetProperty("method").GetString() == "INVITE" && i.GetProperty("callId").GetString() == "tx-call-1");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "client" && i.GetProperty("remote").GetString() == $"127.0.0.1:{silentPort}");

        // The same call is listed by /calls, ringing.
        var calls = Json((await host.GetAsync("/calls")).Body);
        Assert.Equal(1, calls.GetProperty("count").GetInt32());
        var call = calls.GetProperty("items")[0];
        Assert.Equal("tx-call-1", call.GetProperty("callId").GetString());
        Assert.Equal("ringing", call.GetProperty("state").GetString());
        Assert.Equal("sip:carol@127.0.0.1", call.GetProperty("to").GetString());
        silent.Dispose();
    }

    [Fact]
    public async Task Media_InProcessRelayBeforeAnyCall_EmptyList()
    {
        // The sample registers its in-process relay by default (Gateway:Media:Mode=InProcess).
        await using var host = await SampleHost.StartAsync();
        var json = Json((await host.GetAsync("/media")).Body);
        Assert.True(json.GetProperty("relayConfigured").GetBoolean());
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Media_RelayRegistered_SessionsWithStreamCountersAndTotalsInStatistics()
    {
        // The media relay joins in part 2; a fake stands in for it here (registered after the sample's services).
        var relay = new FakeMediaRelay();
        await using (var mediaHost = await SampleHost.StartAsync(services => services.AddSingleton<IMediaRelay>(relay)))
        {
            var json = Json((await mediaHost.GetAsync("/media")).Body);
            Assert.True(json.GetProperty("relayConfigured").GetBoolean());
            var session = json.GetProperty("items")[0];
            Assert.Equal("media-call", session.GetProperty("callId").GetString());
            var stream = session.GetProperty("streams")[0];
            Assert.Equal(10, stream.GetProperty("packetsReceived").GetInt64());
            Assert.Equal("127.0.0.1:50000", stream.GetProperty("local").GetString());

            var stats = Json((await mediaHost.GetAsync("/statistics")).Body).GetProperty("media");
            Assert.Equal(1, stats.GetProperty("sessions").GetInt32());
            Assert.Equal(20, stats.GetProperty("packetsReceived").GetInt64());
            Assert.Equal(3, stats.GetProperty("errors").GetInt64());
        }

        // Stopping the host deletes every media session (Ctrl+C leaves no relay port allocated).
        Assert.Equal(["media-call"], relay.Deleted);
    }

    [Fact]
    public async Task Statistics_AfterRequests_CountsByMethodClassAndTransport()
    {
        await using var host = await SampleHost.StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var gateway = new IPEndPoint(IPAddress.Loopback, host.Port(SipTransportKind.Udp));

        // PUBLISH is answered 503 by the route.
        await client.SendAsync(Encoding.ASCII.GetBytes(Publish("stats-1", client, host)), gateway);
        var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("SIP/2.0 503", Encoding.ASCII.GetString(reply.Buffer), StringComparison.Ordinal);

        var json = Json((await host.GetAsync("/statistics")).Body);
        var sip = json.GetProperty("sip");
        Assert.Equal(1, sip.GetProperty("requestsReceived").GetProperty("PUBLISH").GetInt64());
        Assert.Equal(1, sip.GetProperty("responsesSent").GetProperty("5xx").GetInt64());
        Assert.Equal(1, sip.GetProperty("serverTransactionsCreated").GetInt64());
        Assert.Equal(0, sip.GetProperty("registrationsActive").GetInt64());
        Assert.True(json.GetProperty("transport").GetProperty("messagesReceived").GetInt64() >= 1);
        Assert.Equal(0, json.GetProperty("calls").GetProperty("active").GetInt64());
    }

    [Fact]
    public async Task Token_Configured_MissingOrWrongTokenRefused401_RightTokenServed()
    {
        await using var host = await SampleHost.StartAsync("--Gateway:Management:Token=s3cret");
        foreach (var path in new[] { "/health", "/registrations", "/transactions", "/calls", "/media", "/statistics" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync(path)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync(path, "wrong")).Status);
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(path, "s3cret")).Status);
        }
    }

    [Fact]
    public async Task NonLoopbackUrl_WithoutToken_HostRefusesToStart()
    {
        var (host, _, _) = SampleHost.Build("--Gateway:Management:Url=http://0.0.0.0:0");
        using (host)
        {
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains("Token", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disabled_NoEndpointStarted()
    {
        var (host, _, _) = SampleHost.Build("--Gateway:Management:Enabled=false");
        using (host)
        {
            await host.StartAsync();
            Assert.Null(host.Services.GetRequiredService<ManagementServer>().Address);
            await host.StopAsync();
        }
    }

    private static string Invite(string callId, UdpClient from, SampleHost host)
    {
        var local = (IPEndPoint)from.Client.LocalEndPoint!;
        var gw = host.Port(SipTransportKind.Udp);
        return $"INVITE sip:carol@127.0.0.1:{gw} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK-{callId}\r\n" +
            $"From: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:carol@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n" +
            $"Contact: <sip:alice@127.0.0.1:{local.Port}>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static string Publish(string callId, UdpClient from, SampleHost host)
    {
        var local = (IPEndPoint)from.Client.LocalEndPoint!;
        var gw = host.Port(SipTransportKind.Udp);
        return $"PUBLISH sip:alice@127.0.0.1:{gw} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK-{callId}\r\n" +
            $"From: <sip:alice@127.0.0.1>;tag=p1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 PUBLISH\r\n" +
            "Event: presence\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }
}

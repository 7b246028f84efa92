using System.Net;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Nat;
using Gateway.Core.Parsing;
using Gateway.Core.Registrar;
using Gateway.Core.Tests.Registrar;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Nat;

public sealed class NatKeepAliveTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Harness : IDisposable
    {
        public Harness(Action<NatKeepAliveOptions>? configure = null, bool withTransport = true)
        {
            var options = new SipRegistrarOptions { NodeId = "node-a" };
            options.KeepAlive.Enabled = true;
            options.KeepAlive.Interval = TimeSpan.FromSeconds(20);
            configure?.Invoke(options.KeepAlive);
            Store = new InMemoryLocationStore(Time, Options.Create(new InMemoryLocationStoreOptions { SweepInterval = Timeout.InfiniteTimeSpan }));
            KeepAlive = new NatKeepAlive(Store, Time, Options.Create(options), NullLogger<NatKeepAlive>.Instance, withTransport ? Transport : null);
        }

        public FakeTimeProvider Time { get; } = new(Start);

        public FakeSipTransport Transport { get; } = new();

        public InMemoryLocationStore Store { get; }

        public NatKeepAlive KeepAlive { get; }

        public async Task AddAsync(string aor, string contact, SipTransportKind kind, string source, string nodeId = "node-a", int seconds = 3600)
        {
            await Store.UpsertAsync(new SipBinding
            {
                Aor = aor,
                Contact = contact,
                ExpiresAt = Start.AddSeconds(seconds),
                CallId = "c-" + contact,
                NodeId = nodeId,
                FlowId = "flow-" + source,
                Received = new SipReceivedAddress(kind, IPEndPoint.Parse(source)),
            });
        }

        public List<SipMessage> SentTo(string endPoint) =>
            Transport.Outbound.TryGetValue(IPEndPoint.Parse(endPoint), out var flow) ? flow.Sent : [];

        public void Dispose()
        {
            KeepAlive.Dispose();
            Store.Dispose();
        }
    }

    [Fact]
    public async Task PingAsync_CrlfMode_OnePingPerUdpAddressOfThisNode()
    {
        using var h = new Harness();
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.AddAsync("sip:b@x", "sip:b@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.AddAsync("sip:c@x", "sip:c@10.0.0.2", SipTransportKind.Udp, "198.51.100.2:40000");
        await h.AddAsync("sip:d@x", "sip:d@d.invalid;transport=ws", SipTransportKind.Ws, "198.51.100.3:50000");
        await h.AddAsync("sip:e@x", "sip:e@10.0.0.4", SipTransportKind.Udp, "198.51.100.4:40000", nodeId: "node-b");

        Assert.Equal(2, await h.KeepAlive.PingAsync());

        var ping = Assert.Single(h.SentTo("198.51.100.1:40000"));
        Assert.Equal("\r\n\r\n"u8.ToArray(), ping.ToArray());
        Assert.Single(h.SentTo("198.51.100.2:40000"));
        Assert.Empty(h.SentTo("198.51.100.3:50000"));
        Assert.Empty(h.SentTo("198.51.100.4:40000"));
        Assert.Equal(2, h.KeepAlive.PingsSent);
    }

    [Fact]
    public async Task PingAsync_RegisteredFlowStillKnown_PingSentOnIt()
    {
        using var h = new Harness();
        var registered = new Tests.Infrastructure.RecordingFlow(SipTransportKind.Udp, "198.51.100.1:40000");
        h.Transport.Register(registered);
        await h.Store.UpsertAsync(new SipBinding
        {
            Aor = "sip:a@x",
            Contact = "sip:a@10.0.0.1",
            ExpiresAt = Start.AddHours(1),
            CallId = "c",
            NodeId = "node-a",
            FlowId = registered.Id,
            Received = SipReceivedAddress.FromFlow(registered),
        });

        Assert.Equal(1, await h.KeepAlive.PingAsync());

        Assert.Single(registered.Sent);
        Assert.Empty(h.Transport.Outbound);
    }

    [Fact]
    public async Task Timer_EveryInterval_PingsUntilStopped()
    {
        using var h = new Harness();
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.KeepAlive.StartAsync(CancellationToken.None);

        h.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(h.SentTo("198.51.100.1:40000"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(h.SentTo("198.51.100.1:40000"));
        h.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(3, h.SentTo("198.51.100.1:40000").Count);

        await h.KeepAlive.StopAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(3, h.SentTo("198.51.100.1:40000").Count);
    }

    [Fact]
    public async Task Timer_ExpiredBinding_NoLongerPinged()
    {
        using var h = new Harness();
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000", seconds: 30);
        await h.KeepAlive.StartAsync(CancellationToken.None);

        h.Time.Advance(TimeSpan.FromSeconds(20));
        h.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Single(h.SentTo("198.51.100.1:40000"));
    }

    [Fact]
    public async Task StartAsync_Disabled_NoTimer()
    {
        using var h = new Harness(o => o.Enabled = false);
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.KeepAlive.StartAsync(CancellationToken.None);

        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(h.Transport.Outbound);
    }

    [Fact]
    public async Task PingAsync_NoTransport_SendsNothing()
    {
        using var h = new Harness(withTransport: false);
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.KeepAlive.StartAsync(CancellationToken.None);

        Assert.Equal(0, await h.KeepAlive.PingAsync());
    }

    [Fact]
    public async Task PingAsync_NoFlowAvailable_SkipsAddress()
    {
        using var h = new Harness();
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        h.Transport.NoFlows = true;

        Assert.Equal(0, await h.KeepAlive.PingAsync());
    }

    [Fact]
    public async Task PingAsync_OptionsMode_SendsAValidOptionsFromTheAdvertisedAddress()
    {
        using var h = new Harness(o => o.Method = NatPingMethod.Options);
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");

        await h.KeepAlive.PingAsync();

        var options = Assert.IsType<SipRequest>(Assert.Single(h.SentTo("198.51.100.1:40000")));
        var parsed = SipMessageParser.Parse(options.ToArray());
        Assert.False(parsed.Error.IsError);
        var request = Assert.IsType<SipRequest>(parsed.Message);
        Assert.False(SipMessageValidator.Validate(request).IsError);
        Assert.Equal(SipMethod.Options, request.Method);
        Assert.Equal("sip:198.51.100.1:40000", request.RequestUriText);
        Assert.StartsWith(NatKeepAlive.CallIdPrefix, request.CallId, StringComparison.Ordinal);
        Assert.Equal("gw.example.com", request.TopVia!.Host);
        Assert.Equal(5060, request.TopVia.Port);
        Assert.True(request.TopVia.IsRfc3261Branch);
    }

    [Fact]
    public async Task TryHandleResponse_OtherResponse_False()
    {
        using var h = new Harness(o => o.Method = NatPingMethod.Options);
        var response = new SipResponse(200, "OK");
        response.Headers.Add("Call-ID", "some-call");
        Assert.False(h.KeepAlive.TryHandleResponse(response));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task PingAsync_OptionsUnanswered_BindingsRemovedAfterMaxMisses()
    {
        using var h = new Harness(o =>
        {
            o.Method = NatPingMethod.Options;
            o.MaxMissedPings = 2;
        });
        await h.AddAsync("sip:dead@x", "sip:dead@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");
        await h.AddAsync("sip:alive@x", "sip:alive@10.0.0.2", SipTransportKind.Udp, "198.51.100.2:40000");

        for (var round = 0; round < 3; round++)
        {
            await h.KeepAlive.PingAsync();
            foreach (var sent in h.SentTo("198.51.100.2:40000"))
            {
                var answer = SipResponse.CreateFor((SipRequest)sent, 200, "OK");
                h.KeepAlive.TryHandleResponse(SipTestMessages.Reparse(answer));
            }

            h.SentTo("198.51.100.2:40000").Clear();
        }

        Assert.Empty((await h.Store.GetAsync("sip:dead@x")).Bindings);
        Assert.Single((await h.Store.GetAsync("sip:alive@x")).Bindings);
        Assert.Equal(1, h.KeepAlive.BindingsRemoved);
        Assert.Equal(2, h.SentTo("198.51.100.1:40000").Count);
    }

    [Fact]
    public async Task PingAsync_OptionsAnsweredLate_MissCounterReset()
    {
        using var h = new Harness(o =>
        {
            o.Method = NatPingMethod.Options;
            o.MaxMissedPings = 2;
        });
        await h.AddAsync("sip:a@x", "sip:a@10.0.0.1", SipTransportKind.Udp, "198.51.100.1:40000");

        await h.KeepAlive.PingAsync();
        await h.KeepAlive.PingAsync();
        var latest = (SipRequest)h.SentTo("198.51.100.1:40000")[^1];
        Assert.True(h.KeepAlive.TryHandleResponse(SipResponse.CreateFor(latest, 404, "Not Found")));
        await h.KeepAlive.PingAsync();
        await h.KeepAlive.PingAsync();

        Assert.Single((await h.Store.GetAsync("sip:a@x")).Bindings);
    }

    [Fact]
    public void Options_MaxMissesWithCrlf_Invalid()
    {
        var options = new NatKeepAliveOptions { MaxMissedPings = 3 };
        Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Throws<InvalidOperationException>(new NatKeepAliveOptions { Interval = TimeSpan.Zero }.Validate);
    }
}

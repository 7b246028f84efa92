using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Diagnostics;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// The Gateway.Core meter as an OpenTelemetry exporter or dotnet-counters sees it: a <see cref="MeterListener"/>
/// on the sample's own meter instance receives the request, response and transaction instruments with bounded tags.
/// </summary>
public sealed class SampleMetricsTests
{
    [Fact]
    public async Task Meter_OptionsRequest_PublishesRequestResponseAndTransactionInstruments()
    {
        await using var host = await SampleHost.StartAsync();
        var meter = host.Services.GetRequiredService<SipMetrics>().Meter;
        var seen = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags) map[tag.Key] = tag.Value;
            lock (seen) seen.Add((instrument.Name, value, map));
        });
        listener.Start();

        // OPTIONS to a local user nobody registered: 404 from lookup.
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var gw = host.Port(SipTransportKind.Udp);
        var options = $"OPTIONS sip:nobody@127.0.0.1:{gw} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-m1\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=m1\r\nTo: <sip:nobody@127.0.0.1>\r\nCall-ID: metrics-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(options), new IPEndPoint(IPAddress.Loopback, gw));
        var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("SIP/2.0 404", Encoding.ASCII.GetString(reply.Buffer), StringComparison.Ordinal);
        listener.RecordObservableInstruments();

        lock (seen)
        {
            Assert.Contains(seen, m => m.Name == "gateway.sip.requests" && (string?)m.Tags["method"] == "OPTIONS" && (string?)m.Tags["direction"] == "inbound");
            Assert.Contains(seen, m => m.Name == "gateway.sip.responses" && (string?)m.Tags["class"] == "4xx" && (string?)m.Tags["direction"] == "outbound");
            Assert.Contains(seen, m => m.Name == "gateway.sip.transactions" && (string?)m.Tags["kind"] == "server");
            Assert.Contains(seen, m => m.Name == "gateway.sip.transactions.active" && (string?)m.Tags["kind"] == "server");
            Assert.Contains(seen, m => m.Name == "gateway.sip.registrations.active" && m.Value == 0);
        }

        var snapshot = host.Services.GetRequiredService<SipMetrics>().GetSnapshot();
        Assert.Equal(1, snapshot.RequestsReceived["OPTIONS"]);
        Assert.Equal(1, snapshot.ResponsesSent["4xx"]);
    }

    [Fact]
    public async Task UnknownMethod_CountedAsOther_TagValuesStayBounded()
    {
        await using var host = await SampleHost.StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var gw = host.Port(SipTransportKind.Udp);
        var foo = $"FOO sip:nobody@127.0.0.1:{gw} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-foo1\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=f1\r\nTo: <sip:nobody@127.0.0.1>\r\nCall-ID: metrics-foo\r\nCSeq: 1 FOO\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(foo), new IPEndPoint(IPAddress.Loopback, gw));
        await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));

        var snapshot = host.Services.GetRequiredService<SipMetrics>().GetSnapshot();
        Assert.Equal(1, snapshot.RequestsReceived[SipMetrics.OtherMethod]);
        Assert.False(snapshot.RequestsReceived.ContainsKey("FOO"));
    }
}

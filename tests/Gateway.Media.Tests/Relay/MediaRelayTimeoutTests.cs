using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Relay;

namespace Gateway.Media.Tests.Relay;

/// <summary>The media timeout sweep, driven by a fake clock.</summary>
public sealed class MediaRelayTimeoutTests
{
    private static readonly byte[] Offer = RelayHarness.Sample(RelayHarness.PhoneOffer);
    private static readonly byte[] Answer = RelayHarness.Sample(RelayHarness.PhoneAnswer);

    [Fact]
    public async Task Sweep_NoPacketEver_EndsTheSessionOneTimeoutAfterCreation()
    {
        await using var relay = new RelayHarness();
        var ended = new List<MediaSessionEndedEventArgs>();
        relay.Engine.SessionEnded += (_, e) => ended.Add(e);
        var offer = await relay.OfferAsync("t", "a", Offer, RelayHarness.ToPhone);
        await relay.AnswerAsync("t", "a", "b", Answer, RelayHarness.ToPhone);

        relay.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(ended);
        Assert.Equal(1, relay.Engine.SessionCount);

        relay.Time.Advance(TimeSpan.FromSeconds(1));
        var e = Assert.Single(ended);
        Assert.Equal(MediaSessionEndReason.MediaTimeout, e.Reason);
        Assert.Equal("t", e.Key.CallId);
        Assert.Equal("b", e.Key.ToTag);
        Assert.Equal(2, e.Final!.Streams.Count);
        Assert.Equal(0, relay.Engine.SessionCount);
        Assert.Equal(0, relay.Engine.Ports.InUse);
        Assert.True(RelayTestPorts.CanBind(offer.Media[0].Port));
        Assert.All(relay.Factory.Legs, l => Assert.True(l.Disposed));
    }

    [Fact]
    public async Task Sweep_PacketsKeepTheSessionAlive_TimeoutCountsFromTheLastPacket()
    {
        await using var relay = new RelayHarness();
        var ended = new List<MediaSessionEndedEventArgs>();
        relay.Engine.SessionEnded += (_, e) => ended.Add(e);
        var offer = await relay.OfferAsync("t", "a", Offer, RelayHarness.ToPhone);
        await relay.AnswerAsync("t", "a", "b", Answer, RelayHarness.ToPhone);
        var leg = relay.LegOf(offer);

        relay.Time.Advance(TimeSpan.FromSeconds(40));
        leg.Statistics = new MediaLegStatistics(new IPEndPoint(IPAddress.Loopback, 40000), true, 2000, 320_000, 1990, 318_400, 3, relay.Time.GetUtcNow(), false, false);
        relay.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(ended);

        relay.Time.Advance(TimeSpan.FromSeconds(1));
        var e = Assert.Single(ended);
        var counters = Assert.Single(e.Final!.Streams, s => s.Tag == "b");
        Assert.Equal(2000, counters.PacketsReceived);
        Assert.Equal(318_400, counters.BytesSent);
        Assert.Equal(3, counters.Errors);
    }

    [Fact]
    public async Task Sweep_HoldTimeoutAndMaxDuration_Apply()
    {
        await using var relay = new RelayHarness(configure: o =>
        {
            o.HoldTimeout = TimeSpan.FromSeconds(600);
            o.MaxSessionDuration = TimeSpan.FromHours(1);
        });
        var ended = new List<MediaSessionEndedEventArgs>();
        relay.Engine.SessionEnded += (_, e) => ended.Add(e);
        var held = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Offer).Replace("a=sendrecv", "a=sendonly", StringComparison.Ordinal));
        await relay.OfferAsync("held", "a", held, RelayHarness.ToPhone);
        var offer = await relay.OfferAsync("busy", "a", Offer, RelayHarness.ToPhone);

        relay.Time.Advance(TimeSpan.FromSeconds(61));
        var timedOut = Assert.Single(ended);
        Assert.Equal("busy", timedOut.Key.CallId);

        // The held call lives on until its hold timeout.
        relay.Time.Advance(TimeSpan.FromSeconds(540));
        Assert.Equal("held", ended[^1].Key.CallId);
        Assert.Equal(MediaSessionEndReason.MediaTimeout, ended[^1].Reason);

        await relay.OfferAsync("long", "a", Offer, RelayHarness.ToPhone);
        var leg = relay.Factory.Legs[^2];
        for (var i = 0; i < 70; i++)
        {
            leg.Statistics = leg.Statistics with { LastPacket = relay.Time.GetUtcNow() };
            relay.Time.Advance(TimeSpan.FromSeconds(55));
        }

        Assert.Equal(MediaSessionEndReason.MaxDuration, ended[^1].Reason);
        Assert.Equal("long", ended[^1].Key.CallId);
        Assert.NotNull(offer);
    }
}

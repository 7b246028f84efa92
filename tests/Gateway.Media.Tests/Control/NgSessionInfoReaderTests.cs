using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>Reading rtpengine's own reply shapes (captured from the daemon) into Core's types.</summary>
public sealed class NgSessionInfoReaderTests
{
    [Fact]
    public void Read_RtpEngineDeleteReply_OneStreamPerTagWithRelayPortsAndPeers()
    {
        var (cookie, reply) = NgTestData.Split(NgTestData.Fixture("rtpengine-plain-delete.reply.bin"));
        var key = new MediaSessionKey("1-23467@127.0.0.1", "23467SIPpTag001");

        var info = NgSessionInfoReader.Read(reply, key, "udp:127.0.0.1:22222");

        Assert.Equal("0_23429_4", cookie);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795706991), info.Created);
        Assert.Equal("udp:127.0.0.1:22222", info.Instance);
        Assert.Equal(2, info.Streams.Count);
        var caller = Assert.Single(info.Streams, s => s.Tag == "23467SIPpTag001");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 21022), caller.LocalEndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6004), caller.RemoteEndPoint);
        Assert.Equal(0, caller.MediaIndex);
        Assert.Equal("audio", caller.MediaType);
        Assert.Equal("RTP/AVP", caller.Protocol);
        Assert.Equal(0, caller.PacketsReceived);
        var callee = Assert.Single(info.Streams, s => s.Tag == "23463SIPpTag011");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 21000), callee.LocalEndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6000), callee.RemoteEndPoint);
    }

    [Fact]
    public void Read_RtpEngineOfferReply_NoTagsNoStreams()
    {
        var (_, reply) = NgTestData.Split(NgTestData.Fixture("rtpengine-plain-offer.reply.bin"));

        var info = NgSessionInfoReader.Read(reply, new MediaSessionKey("c", "f"), "x");

        Assert.Empty(info.Streams);
        Assert.Equal("ok", reply.GetText("result"));
        Assert.StartsWith("v=0", reply.GetText("sdp"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d4:tagsd1:ad6:mediasl1:xeeee")]
    [InlineData("d4:tagsd1:ai1eee")]
    [InlineData("d4:tagsl1:aee")]
    [InlineData("d7:createdi-5e4:tagsd1:ad6:mediasld5:indexi-3e7:streamsld10:local porti99999e8:endpointd4:porti0e" + "eeeeeeee")]
    public void Read_OddShapes_NoException(string dictionary)
    {
        Assert.True(NgValue.TryParse(System.Text.Encoding.ASCII.GetBytes(dictionary), out var reply, out _));

        var info = NgSessionInfoReader.Read(reply!, new MediaSessionKey("c", "f"), "x");

        Assert.All(info.Streams, s => Assert.Null(s.LocalEndPoint));
    }
}

using System.Net;
using Gateway.Core.Registrar;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipReceivedAddressTests
{
    [Theory]
    [InlineData(SipTransportKind.Udp, "198.51.100.7:40000", "udp:198.51.100.7:40000")]
    [InlineData(SipTransportKind.Wss, "[2001:db8::7]:443", "wss:[2001:db8::7]:443")]
    [InlineData(SipTransportKind.Tcp, "[::ffff:192.0.2.1]:5060", "tcp:192.0.2.1:5060")]
    public void ToString_AnyAddress_TransportAddressPort(SipTransportKind kind, string endPoint, string expected)
    {
        var address = new SipReceivedAddress(kind, IPEndPoint.Parse(endPoint));

        Assert.Equal(expected, address.ToString());
        Assert.True(SipReceivedAddress.TryParse(expected, out var parsed));
        Assert.Equal(address, parsed);
        Assert.Equal(kind, parsed.Kind);
    }

    [Fact]
    public void ToEndPoint_RoundTrips()
    {
        var v4 = new SipReceivedAddress(SipTransportKind.Udp, IPEndPoint.Parse("203.0.113.5:5062"));
        var v6 = new SipReceivedAddress(SipTransportKind.Ws, IPEndPoint.Parse("[2001:db8:1:2:3:4:5:6]:8080"));

        Assert.Equal(IPEndPoint.Parse("203.0.113.5:5062"), v4.ToEndPoint());
        Assert.Equal(IPEndPoint.Parse("[2001:db8:1:2:3:4:5:6]:8080"), v6.ToEndPoint());
        Assert.False(v4.IsIPv6);
        Assert.True(v6.IsIPv6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("udp")]
    [InlineData("sctp:192.0.2.1:5060")]
    [InlineData("udp:192.0.2.1")]
    [InlineData("udp:2001:db8::1:5060")]
    [InlineData("udp:not-an-ip:5060")]
    public void TryParse_Malformed_False(string text)
    {
        Assert.False(SipReceivedAddress.TryParse(text, out _));
    }

    [Fact]
    public void Equality_DiffersByKindOrPort()
    {
        var a = new SipReceivedAddress(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5060"));
        Assert.NotEqual(a, new SipReceivedAddress(SipTransportKind.Tcp, IPEndPoint.Parse("192.0.2.1:5060")));
        Assert.NotEqual(a, new SipReceivedAddress(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5061")));
        Assert.True(a == SipReceivedAddress.FromFlow(new RecordingFlow(SipTransportKind.Udp, "192.0.2.1:5060")));
    }
}

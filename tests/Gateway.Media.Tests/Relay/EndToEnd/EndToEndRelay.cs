using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Gateway.Media.Relay;
using Gateway.Media.Sdp;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Media.Tests.Relay.EndToEnd;

/// <summary>
/// The relay as a user composes it: <c>AddMediaRelay</c> (real UDP legs, real clock, a private loopback port range),
/// driven directly or through an <see cref="NgServer"/> with <see cref="NgMediaRelay"/> as the client.
/// </summary>
internal sealed class EndToEndRelay : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly NgServer? _server;
    private readonly NgMediaRelay? _client;

    private EndToEndRelay(ServiceProvider services, NgServer? server, NgMediaRelay? client, int min, int max)
    {
        _services = services;
        _server = server;
        _client = client;
        Engine = services.GetRequiredService<MediaRelayEngine>();
        Relay = client is null ? services.GetRequiredService<IMediaRelay>() : client;
        MinPort = min;
        MaxPort = max;
    }

    /// <summary>What the test drives: the engine itself, or the ng client talking to it.</summary>
    public IMediaRelay Relay { get; }

    public MediaRelayEngine Engine { get; }

    public int MinPort { get; }

    public int MaxPort { get; }

    public static async Task<EndToEndRelay> StartAsync(bool overNg, Action<MediaRelayOptions>? configure = null, int pairs = 8)
    {
        var (min, max) = RelayTestPorts.Range(pairs * 2);
        var services = new ServiceCollection()
            .AddMediaRelay(o =>
            {
                o.MinPort = min;
                o.MaxPort = max;
                o.InterfaceAddress = "127.0.0.1";
                configure?.Invoke(o);
            })
            .BuildServiceProvider();
        if (!overNg) return new EndToEndRelay(services, null, null, min, max);

        var server = new NgServer(services.GetRequiredService<IMediaRelay>(), new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(CancellationToken.None);
        var client = new NgMediaRelay(new NgClientOptions().AddEndpoint("udp:127.0.0.1:" + server.LocalEndPoint!.Port));
        return new EndToEndRelay(services, server, client, min, max);
    }

    public static MediaRelayRequest Request(MediaSessionKey key, string sdp, string flags) =>
        new(key, Encoding.UTF8.GetBytes(sdp), MediaFlags.Parse(flags));

    public async Task<SessionDescription> OfferAsync(MediaSessionKey key, string sdp, string flags)
    {
        var result = await Relay.OfferAsync(Request(key, sdp, flags));
        Assert.True(result.Succeeded, result.ErrorReason);
        return SessionDescription.Parse(result.Sdp.Span);
    }

    public async Task<SessionDescription> AnswerAsync(MediaSessionKey key, string sdp, string flags)
    {
        var result = await Relay.AnswerAsync(Request(key, sdp, flags));
        Assert.True(result.Succeeded, result.ErrorReason);
        return SessionDescription.Parse(result.Sdp.Span);
    }

    /// <summary>Asserts that an SDP handed to a party names the relay (127.0.0.1, a port of its range) and returns the RTP and RTCP endpoints.</summary>
    public (IPEndPoint Rtp, IPEndPoint Rtcp) RelayEndPoints(SessionDescription sdp, int index = 0)
    {
        var media = sdp.Media[index];
        var connection = media.EffectiveConnection;
        Assert.NotNull(connection);
        Assert.Equal("127.0.0.1", connection.Address);
        Assert.InRange(media.Port, MinPort, MaxPort);
        var rtcpPort = media.RtcpMux ? media.Port : media.Rtcp?.Port ?? media.Port + 1;
        Assert.InRange(rtcpPort, MinPort, MaxPort);
        return (new IPEndPoint(IPAddress.Loopback, media.Port), new IPEndPoint(IPAddress.Loopback, rtcpPort));
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        await _services.DisposeAsync();
    }
}

using Gateway.Core.Media;
using Gateway.Media.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Media.Tests.Relay;

/// <summary>DI registration and option validation.</summary>
public sealed class MediaRelayRegistrationTests
{
    [Fact]
    public async Task AddMediaRelay_WithALegFactory_ResolvesTheEngineAndDisposalReleasesPorts()
    {
        var (min, max) = RelayTestPorts.Range(8);
        var services = new ServiceCollection();
        services.AddSingleton<IMediaLegFactory>(new FakeMediaLegFactory());
        services.AddMediaRelay(o =>
        {
            o.MinPort = min;
            o.MaxPort = max;
        });
        int port;
        await using (var provider = services.BuildServiceProvider())
        {
            var relay = provider.GetRequiredService<IMediaRelay>();
            Assert.IsType<MediaRelayEngine>(relay);
            var result = await relay.OfferAsync(RelayHarness.Request(new MediaSessionKey("di", "a"), RelayHarness.Sample(RelayHarness.PhoneOffer), RelayHarness.ToPhone));
            Assert.True(result.Succeeded, result.ErrorReason);
            port = Gateway.Media.Sdp.SessionDescription.Parse(result.Sdp.Span).Media[0].Port;
            Assert.False(RelayTestPorts.CanBind(port));
        }

        Assert.True(RelayTestPorts.CanBind(port));
    }

    [Fact]
    public void AddMediaRelay_InvalidOptions_FailsValidationWithTheReason()
    {
        var services = new ServiceCollection();
        services.AddMediaRelay(o => o.MinPort = 70000);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => (object)provider.GetRequiredService<IOptions<MediaRelayOptions>>().Value);
        Assert.Contains("MinPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMediaRelay_WithoutALegFactory_UsesTheUdpPacketPath()
    {
        var services = new ServiceCollection();
        services.AddMediaRelay(o => (o.MinPort, o.MaxPort) = (41000, 41999));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<Gateway.Media.Relay.Legs.UdpMediaLegFactory>(provider.GetRequiredService<IMediaLegFactory>());
        var relay = provider.GetRequiredService<IMediaRelay>();
        Assert.Empty(await relay.ListAsync());
    }

    [Fact]
    public async Task AddMediaRelay_ReceiveThreadsSet_LegsOfTheRelayUseThatManyThreads()
    {
        var services = new ServiceCollection();
        services.AddMediaRelay(o => (o.MinPort, o.MaxPort, o.ReceiveThreads) = (41000, 41999, 3));
        await using var provider = services.BuildServiceProvider();
        var threads = provider.GetRequiredService<Gateway.Media.Relay.Legs.MediaReceiveThreads>();
        Assert.Equal(3, threads.Count);
        var relay = provider.GetRequiredService<IMediaRelay>();
        const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        var result = await relay.OfferAsync(new MediaRelayRequest(new MediaSessionKey("threads", "a"), System.Text.Encoding.ASCII.GetBytes(Offer), MediaFlags.Parse("RTP/AVP")));
        Assert.True(result.Succeeded, result.ErrorReason);
        Assert.True(threads.SocketCount >= 2, "the offer's legs are read by the receive threads");
        await relay.DeleteAsync(new MediaSessionKey("threads", "a"));
        Assert.Equal(0, threads.SocketCount);
    }

    [Fact]
    public void Validate_Defaults_AreRtpengineLike()
    {
        var options = new MediaRelayOptions();
        options.Validate();
        Assert.Equal(50000, options.MinPort);
        Assert.Equal(55000, options.MaxPort);
        Assert.Equal("127.0.0.1", options.InterfaceAddress);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MediaTimeout);
    }

    [Theory]
    [InlineData(nameof(MediaRelayOptions.MinPort))]
    [InlineData(nameof(MediaRelayOptions.MaxPort))]
    [InlineData(nameof(MediaRelayOptions.InterfaceAddress))]
    [InlineData(nameof(MediaRelayOptions.AdvertisedAddress))]
    [InlineData(nameof(MediaRelayOptions.MediaTimeout))]
    [InlineData(nameof(MediaRelayOptions.MaxSessions))]
    [InlineData(nameof(MediaRelayOptions.ReceiveThreads))]
    [InlineData(nameof(MediaRelayOptions.CertificatePath))]
    [InlineData(nameof(MediaRelayOptions.SdesSuites))]
    [InlineData("WildcardWithoutAdvertised")]
    public void Validate_BadSetting_Throws(string setting)
    {
        var options = new MediaRelayOptions();
        switch (setting)
        {
            case nameof(MediaRelayOptions.MinPort): options.MinPort = 80; break;
            case nameof(MediaRelayOptions.MaxPort): options.MaxPort = options.MinPort; break;
            case nameof(MediaRelayOptions.InterfaceAddress): options.InterfaceAddress = "relay.example"; break;
            case nameof(MediaRelayOptions.AdvertisedAddress): options.AdvertisedAddress = "0.0.0.0"; break;
            case nameof(MediaRelayOptions.MediaTimeout): options.MediaTimeout = TimeSpan.Zero; break;
            case nameof(MediaRelayOptions.MaxSessions): options.MaxSessions = -1; break;
            case nameof(MediaRelayOptions.ReceiveThreads): options.ReceiveThreads = -1; break;
            case nameof(MediaRelayOptions.CertificatePath): options.CertificatePath = "cert.pem"; break;
            case nameof(MediaRelayOptions.SdesSuites): options.SdesSuites.Add("F8_128_HMAC_SHA1_80"); break;
            default: options.InterfaceAddress = "0.0.0.0"; break;
        }

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }
}

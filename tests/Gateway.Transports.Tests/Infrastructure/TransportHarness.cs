using System.Net;
using Gateway.Core.Hosting;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>A started transport layer with a <see cref="TestResponder"/>, listeners on 127.0.0.1 port 0, and short timeouts.</summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private TransportHarness(SipTransportLayer layer, TestResponder responder, TestCertificate? certificate)
    {
        Layer = layer;
        Responder = responder;
        Certificate = certificate;
    }

    public SipTransportLayer Layer { get; }

    public TestResponder Responder { get; }

    public TestCertificate? Certificate { get; }

    public static async Task<TransportHarness> StartAsync(
        SipTransportKind[] kinds,
        Action<SipTransportOptions>? configure = null,
        TimeProvider? timeProvider = null,
        SipParserOptions? parser = null,
        TestCertificate? certificate = null)
    {
        var options = new SipTransportOptions { UdpReceiveLoops = 1 };
        options.Limits.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.Limits.HandshakeTimeout = TimeSpan.FromSeconds(1);
        options.Limits.MessageCompletionTimeout = TimeSpan.FromSeconds(1);
        foreach (var kind in kinds)
        {
            options.Listeners.Add(new SipListenerOptions { Protocol = kind, Address = "127.0.0.1", Port = 0 });
        }

        if (Array.Exists(kinds, k => k.IsSecure()))
        {
            certificate ??= TestCertificate.Create(TestCertificate.NewDirectory(), "server");
            options.Certificate = certificate.Files;
        }

        configure?.Invoke(options);
        var gateway = new SipGatewayOptions();
        if (parser is not null) gateway.Parser = parser;
        var layer = new SipTransportLayer(Options.Create(options), Options.Create(gateway), timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance);
        var responder = new TestResponder();
        await layer.StartAsync(responder);
        return new TransportHarness(layer, responder, certificate);
    }

    public IPEndPoint EndPoint(SipTransportKind kind) => Layer.Listeners.First(l => l.Kind == kind).EndPoint;

    public async ValueTask DisposeAsync() => await Layer.DisposeAsync();
}

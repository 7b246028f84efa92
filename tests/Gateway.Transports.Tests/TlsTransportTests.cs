using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Transports.Tests;

public sealed class TlsTransportTests
{
    [Fact]
    public async Task Options_SslStreamClient_Answered200()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tls]);
        await using var client = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Tls), tls: true);
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(SipText.Options("TLS"));
            Assert.Equal(200, Assert.IsType<SipResponse>(await client.ReceiveAsync()).StatusCode);
        }

        Assert.Equal(harness.Certificate!.Certificate.Thumbprint, client.ServerCertificate!.Thumbprint);
        var (flow, _) = await harness.Responder.WaitAsync(m => m is SipRequest);
        Assert.True(flow.IsSecure);
        Assert.Equal(SipTransportKind.Tls, flow.Kind);
    }

    [Fact]
    public async Task Certificate_FilesReplaced_LaterHandshakesPresentTheNewOneAfterTheCheckInterval()
    {
        var directory = TestCertificate.NewDirectory();
        var first = TestCertificate.Create(directory, "server");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tls], o => o.CertificateReloadInterval = TimeSpan.FromSeconds(5), timeProvider: time, certificate: first);
        var endPoint = harness.EndPoint(SipTransportKind.Tls);

        var second = TestCertificate.Create(TestCertificate.NewDirectory(), "renewed");
        File.Copy(second.CertificatePath, first.CertificatePath, overwrite: true);
        File.Copy(second.KeyPath, first.KeyPath, overwrite: true);
        File.SetLastWriteTimeUtc(first.CertificatePath, DateTime.UtcNow.AddMinutes(1));
        File.SetLastWriteTimeUtc(first.KeyPath, DateTime.UtcNow.AddMinutes(1));

        await using (var before = await SipStreamClient.ConnectAsync(endPoint, tls: true))
        {
            Assert.Equal(first.Certificate.Thumbprint, before.ServerCertificate!.Thumbprint);
        }

        time.Advance(TimeSpan.FromSeconds(6));
        await using var after = await SipStreamClient.ConnectAsync(endPoint, tls: true);
        Assert.Equal(second.Certificate.Thumbprint, after.ServerCertificate!.Thumbprint);
        await after.SendAsync(SipText.Options("TLS"));
        Assert.Equal(200, Assert.IsType<SipResponse>(await after.ReceiveAsync()).StatusCode);
    }

    [Fact]
    public async Task Sni_ServerNameMapped_PresentsTheMappedCertificate()
    {
        var directory = TestCertificate.NewDirectory();
        var exact = TestCertificate.Create(directory, "exact", "sip.example.com");
        var wildcard = TestCertificate.Create(directory, "wildcard", "any.example.org");
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tls], o =>
        {
            o.Listeners[0].ServerNameCertificates["sip.example.com"] = exact.Files;
            o.Listeners[0].ServerNameCertificates["*.example.org"] = wildcard.Files;
        });
        var endPoint = harness.EndPoint(SipTransportKind.Tls);

        await using (var client = await SipStreamClient.ConnectAsync(endPoint, tls: true, serverName: "sip.example.com"))
        {
            Assert.Equal(exact.Certificate.Thumbprint, client.ServerCertificate!.Thumbprint);
        }

        await using (var client = await SipStreamClient.ConnectAsync(endPoint, tls: true, serverName: "a.example.org"))
        {
            Assert.Equal(wildcard.Certificate.Thumbprint, client.ServerCertificate!.Thumbprint);
        }

        await using var fallback = await SipStreamClient.ConnectAsync(endPoint, tls: true, serverName: "other.example.net");
        Assert.Equal(harness.Certificate!.Certificate.Thumbprint, fallback.ServerCertificate!.Thumbprint);
    }

    [Fact]
    public async Task Connect_SelfSignedServerAndDefaultTrust_RefusedAndCounted()
    {
        await using var server = await TransportHarness.StartAsync([SipTransportKind.Tls]);
        await using var client = await TransportHarness.StartAsync([]);
        var flow = await client.Layer.ConnectAsync(SipTransportKind.Tls, server.EndPoint(SipTransportKind.Tls), "localhost");
        Assert.Null(flow);
        Assert.Equal(1, client.Layer.Metrics.HandshakeFailures);
        Assert.Equal(0, client.Layer.ConnectionCount);
    }

    [Fact]
    public async Task Connect_ServerTrustedThroughCaFile_ValidatedAndUsable()
    {
        await using var server = await TransportHarness.StartAsync([SipTransportKind.Tls]);
        await using var client = await TransportHarness.StartAsync([], o => o.TlsClient.TrustedCaPath = server.Certificate!.CertificatePath);
        var target = server.EndPoint(SipTransportKind.Tls);

        Assert.Null(await client.Layer.ConnectAsync(SipTransportKind.Tls, target, "wrong.example.com"));
        var flow = await client.Layer.ConnectAsync(SipTransportKind.Tls, target, "localhost");
        Assert.NotNull(flow);
        Assert.True(await flow.SendAsync(SipMessageParser.Parse(SipText.Bytes(SipText.Options("TLS"))).Request!));
        var (_, response) = await client.Responder.WaitAsync(m => m is SipResponse);
        Assert.Equal(200, ((SipResponse)response).StatusCode);
    }

    [Fact]
    public async Task Connect_DangerousAcceptAny_ConnectsToUntrustedServer()
    {
        await using var server = await TransportHarness.StartAsync([SipTransportKind.Tls]);
        await using var client = await TransportHarness.StartAsync([], o => o.TlsClient.DangerousAcceptAnyServerCertificate = true);
        Assert.NotNull(await client.Layer.GetFlowAsync(SipTransportKind.Tls, server.EndPoint(SipTransportKind.Tls)));
    }
}

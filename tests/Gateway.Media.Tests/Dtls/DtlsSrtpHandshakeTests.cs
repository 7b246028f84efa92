using System.Net;
using Gateway.Media.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Dtls;

public sealed class DtlsSrtpHandshakeTests
{
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate();

    [Theory]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, 16, 14)]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1Tag32, 16, 14)]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 16, 12)]
    [InlineData(DtlsSrtpProfile.AeadAes256Gcm, 32, 12)]
    public async Task RunAsync_LoopbackUdpEachProfile_KeysMatchCrosswise(DtlsSrtpProfile profile, int keyLength, int saltLength)
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            o => Copy(o, profiles: [profile]), o => Copy(o, profiles: [profile]));

        var (serverTask, clientTask) = await pair.RunAsync();
        var server = await serverTask;
        var client = await clientTask;

        Assert.Equal(profile, server.Profile);
        Assert.Equal(profile, client.Profile);
        Assert.Equal(DtlsRole.Server, server.Role);
        Assert.Equal(DtlsRole.Client, client.Role);
        Assert.Equal(keyLength, client.LocalMasterKey.Length);
        Assert.Equal(saltLength, client.LocalMasterSalt.Length);
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());
        Assert.Equal(server.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
        Assert.Equal(server.LocalMasterSalt.ToArray(), client.RemoteMasterSalt.ToArray());
        Assert.NotEqual(client.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
        Assert.Equal(ClientCertificate.Fingerprint, server.RemoteFingerprint);
        Assert.Equal(ServerCertificate.Fingerprint, client.RemoteFingerprint);
        Assert.Equal(DtlsHandshakeState.Connected, pair.Server.State);
        Assert.Equal(DtlsHandshakeState.Connected, pair.Client.State);
        Assert.Same(server, pair.Server.Keys);
    }

    [Fact]
    public async Task RunAsync_DifferentPreferences_ServerPicksItsFirstCommonProfile()
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            o => Copy(o, profiles: [DtlsSrtpProfile.AeadAes256Gcm, DtlsSrtpProfile.Aes128CmHmacSha1Tag32, DtlsSrtpProfile.Aes128CmHmacSha1Tag80]),
            o => Copy(o, profiles: [DtlsSrtpProfile.Aes128CmHmacSha1Tag80, DtlsSrtpProfile.Aes128CmHmacSha1Tag32]));

        var (server, client) = await pair.RunAsync();

        Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1Tag32, (await server).Profile);
        Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1Tag32, (await client).Profile);
    }

    [Fact]
    public async Task RunAsync_NoCommonProfile_ServerRefusesWithNoCommonSrtpProfile()
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            o => Copy(o, profiles: [DtlsSrtpProfile.AeadAes256Gcm]),
            o => Copy(o, profiles: [DtlsSrtpProfile.Aes128CmHmacSha1Tag80]));

        var (server, client) = await pair.RunAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeError.NoCommonSrtpProfile, serverError.Error);
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client);
        Assert.Equal(DtlsHandshakeError.PeerAlert, clientError.Error);
        Assert.Equal(DtlsHandshakeState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task RunAsync_ServerCertificateNotTheOneInSdp_ClientRefusesWithFingerprintMismatch()
    {
        var impostor = DtlsCertificate.Generate();
        using var pair = DtlsHandshakePair.Create(impostor, ClientCertificate,
            clientOptions: o => Copy(o, fingerprints: [ServerCertificate.Fingerprint]));

        var (server, client) = await pair.RunAsync();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client);
        Assert.Equal(DtlsHandshakeError.FingerprintMismatch, clientError.Error);
        Assert.Contains(ServerCertificate.Fingerprint.HexValue, clientError.Message, StringComparison.Ordinal);
        Assert.Contains(impostor.Fingerprint.HexValue, clientError.Message, StringComparison.Ordinal);
        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeError.PeerAlert, serverError.Error);
        Assert.Null(pair.Client.Keys);
    }

    [Fact]
    public async Task RunAsync_ClientCertificateNotTheOneInSdp_ServerRefusesWithFingerprintMismatch()
    {
        var impostor = DtlsCertificate.Generate();
        using var pair = DtlsHandshakePair.Create(ServerCertificate, impostor,
            serverOptions: o => Copy(o, fingerprints: [ClientCertificate.Fingerprint]));

        var (server, client) = await pair.RunAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeError.FingerprintMismatch, serverError.Error);
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client);
        Assert.Equal(DtlsHandshakeError.PeerAlert, clientError.Error);
    }

    [Fact]
    public async Task RunAsync_PeerOffersSha1AndSha512_StrongestIsVerified()
    {
        // RFC 8122 §5: with several hash functions, the strongest offered is used; a wrong SHA-1 value is ignored.
        var wrongSha1 = DtlsFingerprint.Create(DtlsHashFunction.Sha1, new byte[20]);
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            serverOptions: o => Copy(o, fingerprints: [wrongSha1, ClientCertificate.GetFingerprint(DtlsHashFunction.Sha512)]),
            clientOptions: o => Copy(o, fingerprints: [ServerCertificate.GetFingerprint(DtlsHashFunction.Sha1)]));

        var (server, client) = await pair.RunAsync();

        Assert.Equal(DtlsHashFunction.Sha512, (await server).RemoteFingerprint.HashFunction);
        Assert.Equal(DtlsHashFunction.Sha1, (await client).RemoteFingerprint.HashFunction);
    }

    [Fact]
    public async Task RunAsync_RsaServerCertificateFromPem_HandshakeCompletes()
    {
        var rsa = DtlsCertificateTests.CreateRsaCertificate();
        using var pair = DtlsHandshakePair.Create(rsa, ClientCertificate);

        var (server, client) = await pair.RunAsync();

        Assert.Equal((await server).LocalMasterKey.ToArray(), (await client).RemoteMasterKey.ToArray());
        Assert.False(rsa.IsEcdsa);
    }

    [Fact]
    public async Task RunAsync_ClientWithoutExtendedMasterSecret_LegacyExportStillMatches()
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            clientOptions: o => Copy(o, offerEms: false));

        var (server, client) = await pair.RunAsync();

        Assert.Equal((await server).LocalMasterKey.ToArray(), (await client).RemoteMasterKey.ToArray());
        Assert.Equal((await server).RemoteMasterSalt.ToArray(), (await client).LocalMasterSalt.ToArray());
    }

    [Fact]
    public async Task RunAsync_ClientWithoutExtendedMasterSecretWhenRequired_ServerRefuses()
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            serverOptions: o => Copy(o, requireEms: true),
            clientOptions: o => Copy(o, offerEms: false));

        var (server, _) = await pair.RunAsync();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeError.ExtendedMasterSecretRequired, error.Error);
    }

    [Fact]
    public async Task RunAsync_ServerFinalFlightLost_ClientRetransmitsAndServerAnswersAfterCompletion()
    {
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate);
        var dropped = 0;
        // The server's last flight starts with its ChangeCipherSpec record (content type 20): drop it once. The server
        // is then already Connected, so only the post-handshake path can answer the client's retransmission.
        pair.ServerSocket.SendFilter = d => !(d[0] == 20 && Interlocked.Exchange(ref dropped, 1) == 0);

        var (server, client) = await pair.RunAsync();

        Assert.Equal((await server).LocalMasterKey.ToArray(), (await client).RemoteMasterKey.ToArray());
        Assert.Equal(1, dropped);
    }

    [Fact]
    public async Task RunAsync_SilentPeer_TimesOutWithinBound()
    {
        using var socket = new UdpDtlsPeer();
        using var silent = new UdpDtlsPeer();
        socket.ConnectTo(silent); // silent never answers
        using var client = new DtlsSrtpHandshake(ClientCertificate, socket, new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Client,
            RemoteFingerprints = [ServerCertificate.Fingerprint],
            HandshakeTimeout = TimeSpan.FromSeconds(1.5),
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.RunAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(DtlsHandshakeError.Timeout, error.Error);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.True(socket.Sent >= 1); // at least the ClientHello went out
        Assert.Equal(DtlsHandshakeState.Failed, client.State);
    }

    [Fact]
    public async Task RunAsync_SilentPeerWithFakeTime_TimesOutWhenTimeAdvances()
    {
        var time = new FakeTimeProvider();
        using var server = new DtlsSrtpHandshake(ServerCertificate, new NullChannel(), new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Server,
            RemoteFingerprints = [ClientCertificate.Fingerprint],
            HandshakeTimeout = TimeSpan.FromSeconds(20),
            TimeProvider = time,
        });

        var run = server.RunAsync();
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(21));

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DtlsHandshakeError.Timeout, error.Error);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var server = new DtlsSrtpHandshake(ServerCertificate, new NullChannel(), new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Server,
            RemoteFingerprints = [ClientCertificate.Fingerprint],
        });
        using var cts = new CancellationTokenSource();

        var run = server.RunAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Dispose_DuringHandshake_FailsWithClosed()
    {
        var server = new DtlsSrtpHandshake(ServerCertificate, new NullChannel(), new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Server,
            RemoteFingerprints = [ClientCertificate.Fingerprint],
        });

        var run = server.RunAsync();
        server.Dispose();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DtlsHandshakeError.Closed, error.Error);
        Assert.False(server.DeliverPacket([22, 254, 253]));
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        using var server = new DtlsSrtpHandshake(ServerCertificate, new NullChannel(), new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Server,
            RemoteFingerprints = [ClientCertificate.Fingerprint],
        });
        _ = server.RunAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.RunAsync());
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var channel = new NullChannel();
        Assert.Throws<ArgumentException>(() => new DtlsSrtpHandshake(ServerCertificate, channel,
            new DtlsSrtpHandshakeOptions { Role = DtlsRole.Server, RemoteFingerprints = [] }));
        Assert.Throws<ArgumentException>(() => new DtlsSrtpHandshake(ServerCertificate, channel,
            new DtlsSrtpHandshakeOptions { Role = DtlsRole.Server, RemoteFingerprints = [ClientCertificate.Fingerprint], SrtpProfiles = [(DtlsSrtpProfile)3] }));
        Assert.Throws<ArgumentException>(() => new DtlsSrtpHandshake(ServerCertificate, channel,
            new DtlsSrtpHandshakeOptions { Role = DtlsRole.Server, RemoteFingerprints = [ClientCertificate.Fingerprint], HandshakeTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new DtlsSrtpHandshake(ServerCertificate, channel,
            new DtlsSrtpHandshakeOptions { Role = DtlsRole.Server, RemoteFingerprints = [ClientCertificate.Fingerprint], MaxDatagramSize = 100 }));
    }

    [Fact]
    public void DeliverPacket_QueueFullOrOversized_Dropped()
    {
        using var server = new DtlsSrtpHandshake(ServerCertificate, new NullChannel(), new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Server,
            RemoteFingerprints = [ClientCertificate.Fingerprint],
            ReceiveQueueCapacity = 2,
        });

        Assert.True(server.DeliverPacket([22, 1]));
        Assert.True(server.DeliverPacket([22, 2]));
        Assert.False(server.DeliverPacket([22, 3]));
        Assert.False(server.DeliverPacket([]));
        Assert.False(server.DeliverPacket(new byte[4096]));
    }

    [Fact]
    public void DtlsSrtpKeys_FromKeyingMaterial_SplitsPerRfc5764Section4_2()
    {
        // client_write_SRTP_master_key | server_write_SRTP_master_key | client_salt | server_salt
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        var fingerprint = ServerCertificate.Fingerprint;

        var client = DtlsSrtpKeys.FromKeyingMaterial(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, DtlsRole.Client, material, fingerprint);
        var server = DtlsSrtpKeys.FromKeyingMaterial(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, DtlsRole.Server, material, fingerprint);

        Assert.Equal(material[0..16], client.LocalMasterKey.ToArray());
        Assert.Equal(material[16..32], client.RemoteMasterKey.ToArray());
        Assert.Equal(material[32..46], client.LocalMasterSalt.ToArray());
        Assert.Equal(material[46..60], client.RemoteMasterSalt.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.RemoteMasterSalt.ToArray(), server.LocalMasterSalt.ToArray());
    }

    internal static DtlsSrtpHandshakeOptions Copy(DtlsSrtpHandshakeOptions o, IReadOnlyList<DtlsSrtpProfile>? profiles = null,
        IReadOnlyList<DtlsFingerprint>? fingerprints = null, bool? requireEms = null, bool? offerEms = null,
        TimeSpan? timeout = null) => new()
        {
            Role = o.Role,
            RemoteFingerprints = fingerprints ?? o.RemoteFingerprints,
            SrtpProfiles = profiles ?? o.SrtpProfiles,
            RequireExtendedMasterSecret = requireEms ?? o.RequireExtendedMasterSecret,
            OfferExtendedMasterSecret = offerEms ?? o.OfferExtendedMasterSecret,
            HandshakeTimeout = timeout ?? o.HandshakeTimeout,
        };

    internal sealed class NullChannel : IDtlsPacketChannel
    {
        public List<byte[]> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram)
        {
            lock (Sent) Sent.Add(datagram.ToArray());
        }
    }
}

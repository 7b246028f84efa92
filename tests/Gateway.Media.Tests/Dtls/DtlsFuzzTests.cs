using System.Diagnostics;
using Gateway.Media.Dtls;

namespace Gateway.Media.Tests.Dtls;

public sealed class DtlsFuzzTests
{
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate();

    [Fact]
    public async Task DeliverPacket_MutatedClientHellos_ServerFailsCleanlyOrWaits()
    {
        var clientHello = await CaptureClientHello();
        var random = new Random(6347);
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 150; i++)
        {
            var server = new DtlsSrtpHandshake(ServerCertificate, new DtlsSrtpHandshakeTests.NullChannel(), new DtlsSrtpHandshakeOptions
            {
                Role = DtlsRole.Server,
                RemoteFingerprints = [ClientCertificate.Fingerprint],
                HandshakeTimeout = TimeSpan.FromSeconds(5),
            });
            var run = server.RunAsync();
            for (var k = random.Next(1, 4); k > 0; k--) server.DeliverPacket(Mutate(clientHello, random));
            await Task.WhenAny(run, Task.Delay(20));
            server.Dispose();

            // Whatever the input did, the outcome is a clean DtlsHandshakeException, promptly.
            var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
            outcomes[error.Error.ToString()] = outcomes.GetValueOrDefault(error.Error.ToString()) + 1;
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        Assert.True(outcomes.GetValueOrDefault(nameof(DtlsHandshakeError.Closed)) > 0); // some mutations are just ignored
    }

    [Fact]
    public async Task DeliverPacket_RandomGarbageBeforeAndDuringHandshake_HandshakeStillCompletes()
    {
        var random = new Random(5764);
        using var pair = DtlsHandshakePair.Create(ServerCertificate, ClientCertificate,
            serverOptions: o => new DtlsSrtpHandshakeOptions { Role = o.Role, RemoteFingerprints = o.RemoteFingerprints, ReceiveQueueCapacity = 4096 });

        // Garbage in the DTLS demux range (RFC 7983: first byte 20–63) that does not forge a handshake record header.
        // (A forged epoch-0 handshake fragment can occupy BouncyCastle's reassembly slot for message 0 and stall the
        // handshake until its timeout; the relay must only feed DTLS from the ICE-validated peer address.)
        for (var i = 0; i < 1000; i++) pair.Server.DeliverPacket(Garbage(random, forgeHeader: false));

        var serverRun = pair.Server.RunAsync();
        for (var i = 0; i < 1000; i++) pair.Server.DeliverPacket(Garbage(random, forgeHeader: false));
        var clientRun = pair.Client.RunAsync();

        var keys = await Task.WhenAll(serverRun, clientRun).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(keys[0].LocalMasterKey.ToArray(), keys[1].RemoteMasterKey.ToArray());

        // Garbage after the handshake is absorbed by the post-handshake path without disturbing anything.
        for (var i = 0; i < 500; i++) pair.Server.DeliverPacket(Garbage(random, forgeHeader: true));
        await Task.Delay(200);
        Assert.NotEqual(DtlsHandshakeState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task DeliverPacket_ForgedHandshakeRecords_ServerFailsCleanlyOrWaits()
    {
        var random = new Random(7983);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            var server = new DtlsSrtpHandshake(ServerCertificate, new DtlsSrtpHandshakeTests.NullChannel(), new DtlsSrtpHandshakeOptions
            {
                Role = DtlsRole.Server,
                RemoteFingerprints = [ClientCertificate.Fingerprint],
                ReceiveQueueCapacity = 256,
            });
            var run = server.RunAsync();
            for (var k = 0; k < 200; k++) server.DeliverPacket(Garbage(random, forgeHeader: true));
            await Task.WhenAny(run, Task.Delay(50));
            server.Dispose();
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    private static async Task<byte[]> CaptureClientHello()
    {
        var channel = new DtlsSrtpHandshakeTests.NullChannel();
        using var client = new DtlsSrtpHandshake(ClientCertificate, channel, new DtlsSrtpHandshakeOptions
        {
            Role = DtlsRole.Client,
            RemoteFingerprints = [ServerCertificate.Fingerprint],
        });
        var run = client.RunAsync();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            lock (channel.Sent)
            {
                if (channel.Sent.Count > 0) break;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the client never sent its ClientHello");
            await Task.Delay(10);
        }

        client.Dispose();
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        lock (channel.Sent) return channel.Sent[0];
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                for (var k = random.Next(1, 5); k > 0; k--) data[random.Next(data.Length)] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                Array.Resize(ref data, random.Next(1, data.Length));
                break;
            default:
                // Corrupt a length field of the record or handshake header.
                var at = random.Next(11, Math.Min(data.Length, 25));
                data[at] = (byte)random.Next(256);
                break;
        }

        return data;
    }

    private static byte[] Garbage(Random random, bool forgeHeader)
    {
        var data = new byte[random.Next(1, 300)];
        random.NextBytes(data);
        data[0] = (byte)random.Next(20, 64);
        if (!forgeHeader && data.Length > 2 && data[1] == 0xFE) data[1] = 0;
        if (forgeHeader && data.Length > 13 && random.Next(2) == 0)
        {
            data[0] = 22;       // handshake
            data[1] = 0xFE;     // DTLS 1.2
            data[2] = 0xFD;
            data[3] = 0;        // epoch 0
            data[4] = 0;
        }

        return data;
    }
}

using System.Net;
using System.Net.Sockets;
using Gateway.Media.Dtls;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Dtls;

/// <summary>
/// DTLS-SRTP end to end on loopback: a DTLS client and server negotiate a profile, export the keys (RFC 5764 §4.2),
/// and then exchange SRTP both ways over real UDP sockets; the receiver authenticates and decrypts every packet.
/// </summary>
public sealed class DtlsSrtpMediaTests
{
    [Theory]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1Tag80)]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1Tag32)]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm)]
    [InlineData(DtlsSrtpProfile.AeadAes256Gcm)]
    public async Task Handshake_ThenSrtpBothWays_PayloadsArriveIntact(DtlsSrtpProfile dtlsProfile)
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        using var pair = DtlsHandshakePair.Create(serverCertificate, clientCertificate,
            o => new DtlsSrtpHandshakeOptions { Role = o.Role, RemoteFingerprints = o.RemoteFingerprints, SrtpProfiles = [dtlsProfile] },
            o => new DtlsSrtpHandshakeOptions { Role = o.Role, RemoteFingerprints = o.RemoteFingerprints, SrtpProfiles = [dtlsProfile] });
        var (serverTask, clientTask) = await pair.RunAsync();
        var serverKeys = await serverTask;
        var clientKeys = await clientTask;
        Assert.Equal(dtlsProfile, serverKeys.Profile);
        Assert.True(SrtpProfile.TryFromDtlsId((ushort)serverKeys.Profile, out var profile));

        using var clientOut = new SrtpContext(profile, clientKeys.LocalMasterKey.Span, clientKeys.LocalMasterSalt.Span, SrtpDirection.Protect);
        using var serverIn = new SrtpContext(profile, serverKeys.RemoteMasterKey.Span, serverKeys.RemoteMasterSalt.Span, SrtpDirection.Unprotect);
        using var serverOut = new SrtpContext(profile, serverKeys.LocalMasterKey.Span, serverKeys.LocalMasterSalt.Span, SrtpDirection.Protect);
        using var clientIn = new SrtpContext(profile, clientKeys.RemoteMasterKey.Span, clientKeys.RemoteMasterSalt.Span, SrtpDirection.Unprotect);

        using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        b.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        for (ushort seq = 1; seq <= 50; seq++)
        {
            await ExchangeAsync(a, b, clientOut, serverIn, seq, 0x11111111);
            await ExchangeAsync(b, a, serverOut, clientIn, seq, 0x22222222);
        }

        Assert.Equal(0, serverIn.AuthenticationFailures);
        Assert.Equal(0, clientIn.AuthenticationFailures);
    }

    [Fact]
    public async Task Handshake_ThenTamperedSrtp_Rejected()
    {
        using var pair = DtlsHandshakePair.Create(DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var (serverTask, clientTask) = await pair.RunAsync();
        var serverKeys = await serverTask;
        var clientKeys = await clientTask;
        Assert.True(SrtpProfile.TryFromDtlsId((ushort)serverKeys.Profile, out var profile));
        using var clientOut = new SrtpContext(profile, clientKeys.LocalMasterKey.Span, clientKeys.LocalMasterSalt.Span, SrtpDirection.Protect);
        using var serverIn = new SrtpContext(profile, serverKeys.RemoteMasterKey.Span, serverKeys.RemoteMasterSalt.Span, SrtpDirection.Unprotect);
        var packet = Rtp(7, 0x33333333);
        Assert.True(clientOut.TryProtectRtp(packet, 172, out var length));
        packet[20] ^= 0x01;
        Assert.False(serverIn.TryUnprotectRtp(packet, length, out _, out var status));
        Assert.Equal(SrtpStatus.AuthenticationFailed, status);
    }

    private static async Task ExchangeAsync(Socket from, Socket to, SrtpContext protect, SrtpContext unprotect, ushort seq, uint ssrc)
    {
        var packet = Rtp(seq, ssrc);
        var plain = packet.AsSpan(0, 172).ToArray();
        Assert.True(protect.TryProtectRtp(packet, 172, out var length));
        Assert.False(packet.AsSpan(12, 160).SequenceEqual(plain.AsSpan(12, 160)));
        await from.SendToAsync(packet.AsMemory(0, length), SocketFlags.None, to.LocalEndPoint!);

        var received = new byte[2048];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await to.ReceiveFromAsync(received, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        Assert.True(unprotect.TryUnprotectRtp(received, result.ReceivedBytes, out var plainLength, out var status), status.ToString());
        Assert.Equal(plain, received.AsSpan(0, plainLength).ToArray());
    }

    private static byte[] Rtp(ushort seq, uint ssrc)
    {
        var packet = new byte[256];
        packet[0] = 0x80;
        packet[1] = 0x00; // PCMU
        packet[2] = (byte)(seq >> 8);
        packet[3] = (byte)seq;
        var timestamp = seq * 160u;
        packet[4] = (byte)(timestamp >> 24);
        packet[5] = (byte)(timestamp >> 16);
        packet[6] = (byte)(timestamp >> 8);
        packet[7] = (byte)timestamp;
        packet[8] = (byte)(ssrc >> 24);
        packet[9] = (byte)(ssrc >> 16);
        packet[10] = (byte)(ssrc >> 8);
        packet[11] = (byte)ssrc;
        for (var i = 12; i < 172; i++) packet[i] = (byte)(i * 7);
        return packet;
    }
}

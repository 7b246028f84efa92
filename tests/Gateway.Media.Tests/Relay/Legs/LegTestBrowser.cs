using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// A WebRTC endpoint built from the primitives, as a browser behaves toward an ICE-lite relay: it sends connectivity
/// checks (ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY with the relay's password, FINGERPRINT), runs DTLS-SRTP
/// over the same socket, then protects and unprotects RTP/RTCP muxed on that socket. Its receive loop
/// demultiplexes like the relay (RFC 7983).
/// </summary>
internal sealed class LegTestBrowser : IDtlsPacketChannel, IAsyncDisposable
{
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private DtlsSrtpHandshake? _handshake;
    private SrtpContext? _protect;
    private SrtpContext? _unprotect;

    public LegTestBrowser(IPEndPoint relay, IceCredentials? ice = null)
    {
        Relay = relay;
        Ice = ice ?? IceCredentials.Generate();
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public Socket Socket { get; } = LegNet.Bind();

    public IPEndPoint Relay { get; }

    public DtlsCertificate Certificate { get; private set; } = DtlsCertificate.Generate();

    public IceCredentials Ice { get; }

    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Sends a check and returns the response, verified against the relay's password.</summary>
    public async Task<(bool Success, IPEndPoint? Mapped)> CheckAsync(IceCredentials relayIce, bool useCandidate = true, string? password = null)
    {
        var transactionId = RandomNumberGenerator.GetBytes(12);
        Socket.SendTo(BuildCheck(relayIce, transactionId, useCandidate, password ?? relayIce.Password), Relay);
        using var cts = new CancellationTokenSource(LegNet.Timeout);
        var response = await _stun.Reader.ReadAsync(cts.Token);
        return ReadResponse(response, transactionId, relayIce.Password);
    }

    /// <summary>Sends a check and expects no answer (the relay ignores it); checks the queue after the relay's counters moved.</summary>
    public void SendCheck(IceCredentials relayIce, bool useCandidate = true) =>
        Socket.SendTo(BuildCheck(relayIce, RandomNumberGenerator.GetBytes(12), useCandidate, relayIce.Password), Relay);

    public bool HasPendingStun => _stun.Reader.Count > 0;

    /// <summary>Runs DTLS-SRTP against the relay and keys SRTP from it.</summary>
    public async Task<DtlsSrtpKeys> HandshakeAsync(DtlsFingerprint relayFingerprint, DtlsRole role = DtlsRole.Client, DtlsCertificate? certificate = null)
    {
        if (certificate is not null) Certificate = certificate;
        _handshake?.Dispose();
        var handshake = new DtlsSrtpHandshake(Certificate, this, new DtlsSrtpHandshakeOptions
        {
            Role = role,
            RemoteFingerprints = [relayFingerprint],
            HandshakeTimeout = LegNet.Timeout,
        });
        Volatile.Write(ref _handshake, handshake);
        var keys = await handshake.RunAsync();
        Assert.True(SrtpProfile.TryFromDtlsId((ushort)keys.Profile, out var profile));
        _protect?.Dispose();
        _unprotect?.Dispose();
        _protect = new SrtpContext(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span, SrtpDirection.Protect);
        _unprotect = new SrtpContext(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span, SrtpDirection.Unprotect);
        Keys = keys;
        return keys;
    }

    public byte[] Protect(byte[] packet, bool isRtcp)
    {
        var buffer = LegNet.WithRoom(packet);
        int length;
        SrtpStatus status;
        Assert.True(isRtcp ? _protect!.TryProtectRtcp(buffer, packet.Length, out length, out status) : _protect!.TryProtectRtp(buffer, packet.Length, out length, out status), status.ToString());
        return buffer.AsSpan(0, length).ToArray();
    }

    public byte[] Unprotect(byte[] packet, bool isRtcp)
    {
        var buffer = packet.ToArray();
        int length;
        SrtpStatus status;
        Assert.True(isRtcp ? _unprotect!.TryUnprotectRtcp(buffer, buffer.Length, out length, out status) : _unprotect!.TryUnprotectRtp(buffer, buffer.Length, out length, out status), status.ToString());
        return buffer.AsSpan(0, length).ToArray();
    }

    public void SendMedia(byte[] plain, bool isRtcp) => Socket.SendTo(Protect(plain, isRtcp), Relay);

    public async Task<byte[]> ReceiveMediaAsync()
    {
        using var cts = new CancellationTokenSource(LegNet.Timeout);
        try
        {
            return await _media.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("No media reached the browser in time.");
            throw;
        }
    }

    public bool HasPendingMedia => _media.Reader.Count > 0;

    void IDtlsPacketChannel.Send(ReadOnlySpan<byte> datagram) => Socket.SendTo(datagram, Relay);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _handshake?.Dispose();
        Socket.Dispose();
        await _loop;
        _protect?.Dispose();
        _unprotect?.Dispose();
        _stop.Dispose();
    }

    private byte[] BuildCheck(IceCredentials relayIce, byte[] transactionId, bool useCandidate, string password)
    {
        var buffer = new byte[256];
        using var key = StunCredential.CreateShortTerm(password);
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, transactionId, out var writer));
        // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag".
        Assert.True(writer.TryAddAttribute(StunAttributeType.Username, Encoding.ASCII.GetBytes(relayIce.UsernameFragment + ":" + Ice.UsernameFragment)));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 0x6e7f1eff));
        Assert.True(writer.TryAddUInt64(StunAttributeType.IceControlling, 0x0102030405060708));
        if (useCandidate) Assert.True(writer.TryAddAttribute(StunAttributeType.UseCandidate, default));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.True(writer.TryAddFingerprint());
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    private static (bool Success, IPEndPoint? Mapped) ReadResponse(byte[] response, byte[] transactionId, string password)
    {
        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        if (message.Type != StunMessageType.BindingSuccess) return (false, null);
        using var key = StunCredential.CreateShortTerm(password);
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(key));
        return (true, message.TryGetXorMappedAddress(out var mapped) ? mapped : null);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, result.ReceivedBytes);
            if (datagram.IsEmpty) continue;
            switch (datagram[0])
            {
                case <= 3:
                    _stun.Writer.TryWrite(datagram.ToArray());
                    break;
                case >= 20 and <= 63:
                    Volatile.Read(ref _handshake)?.DeliverPacket(datagram);
                    break;
                case >= 128 and <= 191:
                    _media.Writer.TryWrite(datagram.ToArray());
                    break;
            }
        }
    }
}

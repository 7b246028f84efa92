using System.Security.Cryptography;
using Gateway.Media.Relay;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>An SDES-SRTP party: it protects with the key the leg unprotects with, and the other way round.</summary>
internal sealed class SdesParty
{
    private readonly SrtpContext _protect;
    private readonly SrtpContext _unprotect;

    private SdesParty(SdesKey partyKey, SdesKey relayKey)
    {
        PartyKey = partyKey;
        RelayKey = relayKey;
        _protect = new SrtpContext(partyKey.Profile, partyKey.MasterKey.Span, partyKey.MasterSalt.Span, SrtpDirection.Protect);
        _unprotect = new SrtpContext(relayKey.Profile, relayKey.MasterKey.Span, relayKey.MasterSalt.Span, SrtpDirection.Unprotect);
    }

    /// <summary>The party's a=crypto key (the leg's inbound key).</summary>
    public SdesKey PartyKey { get; }

    /// <summary>The relay's a=crypto key toward the party (the leg's outbound key).</summary>
    public SdesKey RelayKey { get; }

    public static SdesParty Create(SrtpProfile profile) => new(NewKey(profile), NewKey(profile));

    public static SdesKey NewKey(SrtpProfile profile) =>
        new(profile, RandomNumberGenerator.GetBytes(profile.CipherKeyLength), RandomNumberGenerator.GetBytes(profile.SaltLength));

    public MediaLegSettings Settings(LegPair pair) => new()
    {
        Protocol = "RTP/SAVP",
        Security = MediaLegSecurity.Sdes,
        RemoteRtp = pair.ClientA.EndPoint(),
        RtcpMux = true,
        SdesInbound = PartyKey,
        SdesOutbound = RelayKey,
    };

    /// <summary>The SRTP/SRTCP form of a plain packet.</summary>
    public byte[] Protect(byte[] packet, bool isRtcp)
    {
        var buffer = LegNet.WithRoom(packet);
        int length;
        Assert.True(isRtcp ? _protect.TryProtectRtcp(buffer, packet.Length, out length) : _protect.TryProtectRtp(buffer, packet.Length, out length));
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>The plain form of an SRTP/SRTCP packet the leg sent.</summary>
    public byte[] Unprotect(byte[] packet, bool isRtcp)
    {
        var buffer = packet.ToArray();
        int length;
        SrtpStatus status;
        Assert.True(isRtcp ? _unprotect.TryUnprotectRtcp(buffer, buffer.Length, out length, out status) : _unprotect.TryUnprotectRtp(buffer, buffer.Length, out length, out status), status.ToString());
        return buffer.AsSpan(0, length).ToArray();
    }
}

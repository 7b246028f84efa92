namespace Gateway.Media.Dtls;

/// <summary>Options of a <see cref="DtlsSrtpHandshake"/>.</summary>
public sealed class DtlsSrtpHandshakeOptions
{
    /// <summary>This side's role: from SDP a=setup (active → client, passive → server; RFC 5763 §5).</summary>
    public required DtlsRole Role { get; init; }

    /// <summary>
    /// The a=fingerprint values from the peer's SDP (at least one). Per RFC 8122 §5, the peer's certificate must match
    /// one of the fingerprints that use the strongest hash function offered.
    /// </summary>
    public required IReadOnlyList<DtlsFingerprint> RemoteFingerprints { get; init; }

    /// <summary>
    /// The SRTP protection profiles to offer (client) or accept (server), most preferred first. By default:
    /// AEAD-AES-128-GCM, AEAD-AES-256-GCM, AES128-CM-HMAC-SHA1-80, AES128-CM-HMAC-SHA1-32.
    /// </summary>
    public IReadOnlyList<DtlsSrtpProfile> SrtpProfiles { get; init; } = DtlsSrtpProfiles.Default;

    /// <summary>The longest the whole handshake may take (BouncyCastle retransmits flights within it). 20 s by default.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock of <see cref="HandshakeTimeout"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest datagram this side sends (handshake messages are fragmented to fit). 1200 by default.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>How many received datagrams may wait for the handshake thread before more are dropped. 64 by default.</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>
    /// When true, peers that do not negotiate extended_master_secret (RFC 7627) are refused. When false (the default,
    /// for older SIP endpoints), keys are then exported from the legacy master secret, as RFC 5764 originally did.
    /// </summary>
    public bool RequireExtendedMasterSecret { get; init; }

    /// <summary>Test hook: a client that does not offer extended_master_secret, to exercise the legacy export.</summary>
    internal bool OfferExtendedMasterSecret { get; init; } = true;

    internal void Validate()
    {
        if (RemoteFingerprints is null || RemoteFingerprints.Count == 0)
            throw new ArgumentException("At least one remote fingerprint (the peer's a=fingerprint) is required.", nameof(RemoteFingerprints));
        foreach (var fingerprint in RemoteFingerprints)
        {
            if (fingerprint is null) throw new ArgumentException("A remote fingerprint is null.", nameof(RemoteFingerprints));
        }

        if (SrtpProfiles is null || SrtpProfiles.Count == 0)
            throw new ArgumentException("At least one SRTP protection profile is required.", nameof(SrtpProfiles));
        foreach (var profile in SrtpProfiles)
        {
            if (!DtlsSrtpProfiles.IsDefined(profile))
                throw new ArgumentException($"Unsupported SRTP protection profile {(int)profile}.", nameof(SrtpProfiles));
        }

        if (Role is not DtlsRole.Client and not DtlsRole.Server) throw new ArgumentException("Unknown DTLS role.", nameof(Role));
        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentException("The handshake timeout must be positive.", nameof(HandshakeTimeout));
        if (TimeProvider is null) throw new ArgumentException("A time provider is required.", nameof(TimeProvider));
        if (MaxDatagramSize < 256 || MaxDatagramSize > 65507)
            throw new ArgumentException("The datagram size must be between 256 and 65507 bytes.", nameof(MaxDatagramSize));
        if (ReceiveQueueCapacity < 1)
            throw new ArgumentException("The receive queue needs room for at least one datagram.", nameof(ReceiveQueueCapacity));
    }
}

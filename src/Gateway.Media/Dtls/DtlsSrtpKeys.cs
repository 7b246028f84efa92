namespace Gateway.Media.Dtls;

/// <summary>
/// The SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 §4.2). "Local" is what this side
/// uses to protect what it sends; "remote" is what it uses to unprotect what the peer sends.
/// </summary>
public sealed class DtlsSrtpKeys
{
    /// <summary>Creates the key set.</summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="role">This side's DTLS role.</param>
    /// <param name="localMasterKey">The master key this side protects with.</param>
    /// <param name="localMasterSalt">The master salt this side protects with.</param>
    /// <param name="remoteMasterKey">The master key the peer protects with.</param>
    /// <param name="remoteMasterSalt">The master salt the peer protects with.</param>
    /// <param name="remoteFingerprint">The fingerprint the peer's certificate matched.</param>
    public DtlsSrtpKeys(DtlsSrtpProfile profile, DtlsRole role, ReadOnlyMemory<byte> localMasterKey,
        ReadOnlyMemory<byte> localMasterSalt, ReadOnlyMemory<byte> remoteMasterKey, ReadOnlyMemory<byte> remoteMasterSalt,
        DtlsFingerprint remoteFingerprint)
    {
        Profile = profile;
        Role = role;
        LocalMasterKey = localMasterKey;
        LocalMasterSalt = localMasterSalt;
        RemoteMasterKey = remoteMasterKey;
        RemoteMasterSalt = remoteMasterSalt;
        RemoteFingerprint = remoteFingerprint;
    }

    /// <summary>The negotiated SRTP protection profile.</summary>
    public DtlsSrtpProfile Profile { get; }

    /// <summary>This side's DTLS role (the client's keys come first in the exported material).</summary>
    public DtlsRole Role { get; }

    /// <summary>The master key for SRTP/SRTCP this side sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    /// <summary>The master salt for SRTP/SRTCP this side sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    /// <summary>The master key for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    /// <summary>The master salt for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>The SDP fingerprint that the peer's certificate was verified against.</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>
    /// Splits exported keying material laid out as RFC 5764 §4.2 says: client key, server key, client salt,
    /// server salt.
    /// </summary>
    internal static DtlsSrtpKeys FromKeyingMaterial(DtlsSrtpProfile profile, DtlsRole role, byte[] material,
        DtlsFingerprint remoteFingerprint)
    {
        var keyLength = DtlsSrtpProfiles.KeyLength(profile);
        var saltLength = DtlsSrtpProfiles.SaltLength(profile);
        var memory = material.AsMemory();
        var clientKey = memory.Slice(0, keyLength);
        var serverKey = memory.Slice(keyLength, keyLength);
        var clientSalt = memory.Slice(2 * keyLength, saltLength);
        var serverSalt = memory.Slice((2 * keyLength) + saltLength, saltLength);
        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, role, clientKey, clientSalt, serverKey, serverSalt, remoteFingerprint)
            : new DtlsSrtpKeys(profile, role, serverKey, serverSalt, clientKey, clientSalt, remoteFingerprint);
    }
}

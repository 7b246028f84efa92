using Gateway.Media.Dtls;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// One DTLS-SRTP handshake of a leg with the parameters it was started with (to tell whether a re-offer needs a new
/// one) and its outcome. The handshake sends through the leg (<see cref="IDtlsPacketChannel"/>), which picks the
/// current remote address for every datagram.
/// </summary>
internal sealed class MediaLegDtls : IDisposable
{
    private int _connected;

    /// <summary>Prepares the handshake; <see cref="UdpMediaLeg"/> starts it once the state holding it is published.</summary>
    /// <param name="settings">The leg settings (role, certificate, remote fingerprints).</param>
    /// <param name="channel">Where the handshake sends.</param>
    /// <param name="timeProvider">The handshake timeout's clock.</param>
    public MediaLegDtls(MediaLegSettings settings, IDtlsPacketChannel channel, TimeProvider timeProvider)
    {
        Role = settings.DtlsRole;
        Certificate = settings.DtlsCertificate!;
        RemoteFingerprints = [.. settings.RemoteFingerprints];
        Handshake = new DtlsSrtpHandshake(Certificate, channel, new DtlsSrtpHandshakeOptions
        {
            Role = Role,
            RemoteFingerprints = RemoteFingerprints,
            TimeProvider = timeProvider,
        });
    }

    /// <summary>The relay's role.</summary>
    public DtlsRole Role { get; }

    /// <summary>The relay's certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The fingerprints the party's certificate must match.</summary>
    public IReadOnlyList<DtlsFingerprint> RemoteFingerprints { get; }

    /// <summary>The handshake.</summary>
    public DtlsSrtpHandshake Handshake { get; }

    /// <summary>Whether keys were exported and installed.</summary>
    public bool IsConnected => Volatile.Read(ref _connected) != 0;

    /// <summary>Marks the handshake as connected (keys installed).</summary>
    public void MarkConnected() => Volatile.Write(ref _connected, 1);

    /// <summary>Whether a re-offer's settings keep this handshake (same role, certificate and fingerprints).</summary>
    /// <param name="settings">The new settings.</param>
    /// <returns>True when nothing DTLS-related changed.</returns>
    public bool Fits(MediaLegSettings settings)
    {
        if (settings.DtlsRole != Role || !ReferenceEquals(settings.DtlsCertificate, Certificate)) return false;
        var wanted = settings.RemoteFingerprints;
        if (wanted.Count != RemoteFingerprints.Count) return false;
        foreach (var fingerprint in wanted)
        {
            var found = false;
            foreach (var known in RemoteFingerprints)
            {
                if (known.Equals(fingerprint))
                {
                    found = true;
                    break;
                }
            }

            if (!found) return false;
        }

        return true;
    }

    /// <summary>Stops the handshake (or sends close_notify after it).</summary>
    public void Dispose() => Handshake.Dispose();
}

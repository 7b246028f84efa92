using System.Net;
using Gateway.Media.Srtp;

namespace Gateway.Media.Relay;

/// <summary>
/// Settings of the in-process media relay (<c>AddMediaRelay(o => …)</c>), named after rtpengine's command line where
/// one exists: <c>rtpengine -m 50000 -M 55000 -i 127.0.0.1 --timeout 60</c>.
/// </summary>
public sealed class MediaRelayOptions
{
    /// <summary>The SDES suites offered by default, most preferred first (every suite the SRTP layer implements).</summary>
    public static IReadOnlyList<string> DefaultSdesSuites { get; } =
    [
        "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AES_256_CM_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_32",
        "AEAD_AES_128_GCM", "AEAD_AES_256_GCM",
    ];

    /// <summary>The lowest local port (rtpengine <c>-m</c>); RTP uses even ports, RTCP the odd port above.</summary>
    public int MinPort { get; set; } = 50000;

    /// <summary>The highest local port (rtpengine <c>-M</c>).</summary>
    public int MaxPort { get; set; } = 55000;

    /// <summary>The local address the relay's sockets bind to (rtpengine <c>-i</c>).</summary>
    public string InterfaceAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address written into SDP (c=, candidates, o= with <c>replace-origin</c>) when it differs from
    /// <see cref="InterfaceAddress"/>, as behind a 1:1 NAT (rtpengine <c>-i local!public</c>); null = the interface's.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a session may see no packet on any stream before the relay ends it (rtpengine <c>--timeout</c>).</summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The timeout used instead of <see cref="MediaTimeout"/> while every stream of the session is on hold
    /// (<c>sendonly</c>/<c>recvonly</c>/<c>inactive</c> on one side; rtpengine <c>--silent-timeout</c> in spirit);
    /// null = <see cref="MediaTimeout"/>.
    /// </summary>
    public TimeSpan? HoldTimeout { get; set; }

    /// <summary>The longest a session may live, media or not (rtpengine <c>--final-timeout</c>); null = no limit.</summary>
    public TimeSpan? MaxSessionDuration { get; set; }

    /// <summary>How often the timeouts are checked.</summary>
    public TimeSpan TimeoutCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most calls (Call-IDs) held at once (rtpengine <c>--max-sessions</c>); 0 = no limit.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>
    /// The dedicated threads that receive and relay packets (rtpengine <c>--num-threads</c>); 0 = one per processor.
    /// Each socket is read by one of them through epoll (Linux); on other platforms every socket has an async receive
    /// loop on the thread pool instead.
    /// </summary>
    public int ReceiveThreads { get; set; }

    /// <summary>A PEM certificate for DTLS; with <see cref="PrivateKeyPath"/>. When null an ECDSA P-256 certificate is generated at start.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>
    /// The SDES suites the relay offers (one a=crypto each) toward RTP/SAVP(F) recipients, most preferred first,
    /// before <c>SDES-no-…</c>/<c>SDES-only-…</c> are applied. Defaults to <see cref="DefaultSdesSuites"/>.
    /// </summary>
    public IList<string> SdesSuites { get; set; } = [.. DefaultSdesSuites];

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (MinPort is < 1024 or > 65534) throw new ArgumentException($"MinPort must be within 1024–65534 (was {MinPort}).", nameof(MinPort));
        if (MaxPort is < 1025 or > 65535) throw new ArgumentException($"MaxPort must be within 1025–65535 (was {MaxPort}).", nameof(MaxPort));
        var first = MinPort + (MinPort & 1);
        if (first + 1 > MaxPort) throw new ArgumentException($"The port range {MinPort}–{MaxPort} holds no even/odd RTP/RTCP pair.", nameof(MaxPort));
        if (!IPAddress.TryParse(InterfaceAddress, out _)) throw new ArgumentException($"InterfaceAddress must be an IP address (was '{InterfaceAddress}').", nameof(InterfaceAddress));
        if (AdvertisedAddress is not null && (!IPAddress.TryParse(AdvertisedAddress, out var advertised) || IPAddress.Any.Equals(advertised) || IPAddress.IPv6Any.Equals(advertised)))
        {
            throw new ArgumentException($"AdvertisedAddress must be a unicast IP address (was '{AdvertisedAddress}').", nameof(AdvertisedAddress));
        }

        if (AdvertisedAddress is null && IPAddress.TryParse(InterfaceAddress, out var local) && (IPAddress.Any.Equals(local) || IPAddress.IPv6Any.Equals(local)))
        {
            throw new ArgumentException("A wildcard InterfaceAddress needs an AdvertisedAddress to put in the SDP.", nameof(AdvertisedAddress));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MediaTimeout, TimeSpan.Zero, nameof(MediaTimeout));
        if (HoldTimeout is { } hold) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hold, TimeSpan.Zero, nameof(HoldTimeout));
        if (MaxSessionDuration is { } max) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(max, TimeSpan.Zero, nameof(MaxSessionDuration));
        if (TimeoutCheckInterval < TimeSpan.FromMilliseconds(10) || TimeoutCheckInterval > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeoutCheckInterval), TimeoutCheckInterval, "TimeoutCheckInterval must be within 10 ms–5 min.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxSessions, nameof(MaxSessions));
        if (ReceiveThreads is < 0 or > 1024) throw new ArgumentOutOfRangeException(nameof(ReceiveThreads), ReceiveThreads, "ReceiveThreads must be within 0–1024 (0 = one per processor).");
        if ((CertificatePath is null) != (PrivateKeyPath is null))
        {
            throw new ArgumentException("CertificatePath and PrivateKeyPath go together: give both or neither.", nameof(CertificatePath));
        }

        ArgumentNullException.ThrowIfNull(SdesSuites, nameof(SdesSuites));
        foreach (var suite in SdesSuites)
        {
            if (!SrtpProfile.TryFromName(suite, out _)) throw new ArgumentException($"SdesSuites: '{suite}' is not an SRTP suite this relay implements.", nameof(SdesSuites));
        }
    }
}

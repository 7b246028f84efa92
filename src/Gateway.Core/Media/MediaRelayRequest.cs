using System.Net;

namespace Gateway.Core.Media;

/// <summary>An offer or answer handed to <see cref="IMediaRelay"/>: the SDP, whose it is, and how to rewrite it.</summary>
public sealed class MediaRelayRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="key">The session (for an answer: the offer's key with <see cref="MediaSessionKey.ToTag"/> set).</param>
    /// <param name="sdp">The SDP body as received, bytes exactly as on the wire.</param>
    /// <param name="flags">The rewriting flags (rtpengine's vocabulary), describing the leg toward the SDP's recipient.</param>
    public MediaRelayRequest(MediaSessionKey key, ReadOnlyMemory<byte> sdp, MediaFlags flags)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(flags);
        Key = key;
        Sdp = sdp;
        Flags = flags;
    }

    /// <summary>The session key.</summary>
    public MediaSessionKey Key { get; }

    /// <summary>The SDP as received.</summary>
    public ReadOnlyMemory<byte> Sdp { get; }

    /// <summary>How to rewrite it.</summary>
    public MediaFlags Flags { get; }

    /// <summary>
    /// Where the SIP message carrying the SDP came from (rtpengine's <c>received-from</c>): used instead of the SDP's
    /// connection address when the sender is behind NAT, unless <see cref="MediaFlags.TrustAddress"/> is set.
    /// </summary>
    public IPEndPoint? ReceivedFrom { get; init; }
}

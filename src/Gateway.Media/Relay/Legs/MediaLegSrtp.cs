using Gateway.Media.Srtp;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// One direction of a leg's SRTP: an <see cref="SrtpContext"/> with the key material it was made from (to tell
/// whether a re-offer changed it) and a lock. <see cref="SrtpContext"/> is single-threaded, and a leg's outbound
/// context can be reached from both of its peer's receive loops (RTP and RTCP sockets), its inbound one from both
/// of its own; the lock is uncontended in the common case (one loop per direction) and also keeps a context from
/// being disposed by a re-offer in the middle of a packet.
/// </summary>
internal sealed class MediaLegSrtp : IDisposable
{
    private readonly Lock _sync = new();
    private readonly SrtpContext _context;
    private readonly byte[] _key;
    private readonly byte[] _salt;
    private bool _disposed;

    private MediaLegSrtp(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, SrtpDirection direction)
    {
        _context = new SrtpContext(profile, key, salt, direction);
        Profile = profile;
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>The suite.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Creates a context, or returns null when the key or salt does not fit the suite.</summary>
    /// <param name="profile">The suite.</param>
    /// <param name="key">The master key.</param>
    /// <param name="salt">The master salt.</param>
    /// <param name="direction">Protect (what the relay sends) or unprotect (what the party sends).</param>
    /// <returns>The context or null.</returns>
    public static MediaLegSrtp? TryCreate(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, SrtpDirection direction)
    {
        if (key.Length != profile.CipherKeyLength || salt.Length != profile.SaltLength) return null;
        return new MediaLegSrtp(profile, key, salt, direction);
    }

    /// <summary>Whether this context was made from exactly this suite and key material.</summary>
    /// <param name="key">An SDES key, or null.</param>
    /// <returns>True when nothing changed.</returns>
    public bool IsSameKey(SdesKey? key) =>
        key is not null && ReferenceEquals(key.Profile, Profile) && key.MasterKey.Span.SequenceEqual(_key) && key.MasterSalt.Span.SequenceEqual(_salt);

    /// <summary>Protects an RTP or RTCP packet in place.</summary>
    /// <param name="buffer">The packet with room after it.</param>
    /// <param name="length">The packet length.</param>
    /// <param name="isRtcp">RTCP (else RTP).</param>
    /// <param name="protectedLength">The SRTP/SRTCP length.</param>
    /// <param name="status">The outcome.</param>
    /// <returns>True on success.</returns>
    public bool TryProtect(Span<byte> buffer, int length, bool isRtcp, out int protectedLength, out SrtpStatus status)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                protectedLength = 0;
                status = SrtpStatus.Disposed;
                return false;
            }

            return isRtcp
                ? _context.TryProtectRtcp(buffer, length, out protectedLength, out status)
                : _context.TryProtectRtp(buffer, length, out protectedLength, out status);
        }
    }

    /// <summary>Authenticates and decrypts an SRTP or SRTCP packet in place.</summary>
    /// <param name="buffer">The packet.</param>
    /// <param name="length">The packet length.</param>
    /// <param name="isRtcp">SRTCP (else SRTP).</param>
    /// <param name="plainLength">The RTP/RTCP length.</param>
    /// <param name="status">The outcome.</param>
    /// <returns>True on success.</returns>
    public bool TryUnprotect(Span<byte> buffer, int length, bool isRtcp, out int plainLength, out SrtpStatus status)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                plainLength = 0;
                status = SrtpStatus.Disposed;
                return false;
            }

            return isRtcp
                ? _context.TryUnprotectRtcp(buffer, length, out plainLength, out status)
                : _context.TryUnprotectRtp(buffer, length, out plainLength, out status);
        }
    }

    /// <summary>Releases the context; later calls fail with <see cref="SrtpStatus.Disposed"/>.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed) return;
            _disposed = true;
            _context.Dispose();
            Array.Clear(_key);
            Array.Clear(_salt);
        }
    }
}

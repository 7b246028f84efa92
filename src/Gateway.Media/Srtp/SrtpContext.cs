using System.Buffers.Binary;
using Gateway.Media.Rtp;

namespace Gateway.Media.Srtp;

/// <summary>
/// One direction of an SRTP/SRTCP cryptographic context (RFC 3711 §3.2): it either protects the packets we send or
/// unprotects the packets we receive, in place, for every SSRC of one media stream. Per SSRC it keeps the rollover
/// counter and highest sequence number (index estimation of RFC 3711 §3.3.1 / Appendix A), the replay window
/// (§3.3.2) and the SRTCP index; state for an SSRC is created on its first packet, up to
/// <see cref="SrtpContextOptions.MaxSsrcs"/>. The index and replay state advance only after a packet authenticates.
/// </summary>
/// <remarks>
/// Not thread-safe: one context is driven by one packet loop. Per packet nothing is allocated. After a failed
/// unprotect the contents of the buffer are unspecified (a GCM failure clears the payload).
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    private const ulong MaxRtpIndex = (1UL << 48) - 1;
    private const uint MaxRtcpIndex = 0x7FFF_FFFF;
    private const int MinRtcpLength = 8;

    private readonly SrtpCipher _cipher;
    private readonly SrtpSsrcState?[] _states;
    private readonly SrtpSsrcState _scratch = new();
    private readonly bool _encryptRtp;
    private readonly bool _encryptRtcp;
    private int _count;
    private int _last;
    private long _authenticationFailures;
    private long _replayedPackets;
    private long _rtpPackets;
    private long _rtcpPackets;
    private bool _disposed;

    /// <summary>Creates a context from the master key and salt (SDES <c>inline:</c> key material, or DTLS-SRTP keying
    /// material), deriving the session keys with <see cref="SrtpKeyDerivation"/>.</summary>
    /// <param name="profile">The crypto suite.</param>
    /// <param name="masterKey">Master key, <see cref="SrtpProfile.CipherKeyLength"/> bytes.</param>
    /// <param name="masterSalt">Master salt, <see cref="SrtpProfile.SaltLength"/> bytes.</param>
    /// <param name="direction">Whether this context protects or unprotects.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">A key or salt length does not match the profile.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SrtpContextOptions.MaxSsrcs"/> is out of range.</exception>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpDirection direction, SrtpContextOptions? options = null)
        : this(DeriveKeys(profile, masterKey, masterSalt), direction, options, ownsKeys: true)
    {
    }

    /// <summary>Creates a context from session keys already derived (tests use the RFC 7714 session keys).</summary>
    internal SrtpContext(SrtpSessionKeys keys, SrtpDirection direction, SrtpContextOptions? options, bool ownsKeys)
    {
        options ??= SrtpContextOptions.Default;
        try
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSsrcs, 1, nameof(options));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxSsrcs, 4096, nameof(options));
            Profile = keys.Profile;
            Direction = direction;
            _encryptRtp = options.EncryptRtp;
            _encryptRtcp = options.EncryptRtcp;
            _states = new SrtpSsrcState?[options.MaxSsrcs];
            _cipher = SrtpCipher.Create(keys);
        }
        finally
        {
            if (ownsKeys) keys.Dispose();
        }
    }

    /// <summary>The crypto suite.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The direction this context serves.</summary>
    public SrtpDirection Direction { get; }

    /// <summary>Bytes protection adds to an RTP packet (the tag); the buffer must have this much room after it.</summary>
    public int RtpOverhead => _cipher.RtpOverhead;

    /// <summary>Bytes protection adds to an RTCP packet (SRTCP index and tag).</summary>
    public int RtcpOverhead => _cipher.RtcpOverhead;

    /// <summary>Number of SSRCs the context tracks.</summary>
    public int SsrcCount => _count;

    /// <summary>Packets refused because their authentication tag did not match.</summary>
    public long AuthenticationFailures => Volatile.Read(ref _authenticationFailures);

    /// <summary>Packets refused as replays or as older than the replay window.</summary>
    public long ReplayedPackets => Volatile.Read(ref _replayedPackets);

    /// <summary>SRTP packets protected or unprotected successfully.</summary>
    public long RtpPackets => Volatile.Read(ref _rtpPackets);

    /// <summary>SRTCP packets protected or unprotected successfully.</summary>
    public long RtcpPackets => Volatile.Read(ref _rtcpPackets);

    /// <summary>Protects the RTP packet <c>buffer[..length]</c> in place.</summary>
    /// <param name="buffer">Holds the packet and at least <see cref="RtpOverhead"/> spare bytes after it.</param>
    /// <param name="length">Length of the RTP packet.</param>
    /// <param name="protectedLength">Length of the SRTP packet, 0 on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) => TryProtectRtp(buffer, length, out protectedLength, out _);

    /// <summary>Protects the RTP packet <c>buffer[..length]</c> in place, reporting why it failed.</summary>
    /// <param name="buffer">Holds the packet and at least <see cref="RtpOverhead"/> spare bytes after it.</param>
    /// <param name="length">Length of the RTP packet.</param>
    /// <param name="protectedLength">Length of the SRTP packet, 0 on failure.</param>
    /// <param name="status">The outcome.</param>
    /// <returns><see langword="true"/> when <paramref name="status"/> is <see cref="SrtpStatus.Ok"/>.</returns>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpStatus status)
    {
        protectedLength = 0;
        status = CheckCall(SrtpDirection.Protect, buffer, length);
        if (status != SrtpStatus.Ok) return false;
        if (!RtpHeader.TryGetHeaderLength(buffer[..length], out var headerLength))
        {
            status = length < RtpHeader.FixedHeaderLength ? SrtpStatus.TooShort : SrtpStatus.Malformed;
            return false;
        }

        if (buffer.Length - length < _cipher.RtpOverhead)
        {
            status = SrtpStatus.BufferTooSmall;
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var state = Find(ssrc) ?? Claim(ssrc);
        if (state is null)
        {
            status = SrtpStatus.UnknownSsrcLimit;
            return false;
        }

        status = CheckRtpIndex(state, BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]), out var index);
        if (status != SrtpStatus.Ok) return false;
        protectedLength = _cipher.ProtectRtp(buffer, headerLength, length, ssrc, index, _encryptRtp);
        state.Rtp.Accept(index);
        _rtpPackets++;
        return true;
    }

    /// <summary>Verifies and decrypts the SRTP packet <c>buffer[..length]</c> in place.</summary>
    /// <param name="buffer">Holds the packet.</param>
    /// <param name="length">Length of the SRTP packet.</param>
    /// <param name="plainLength">Length of the RTP packet, 0 on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength) => TryUnprotectRtp(buffer, length, out plainLength, out _);

    /// <summary>Verifies and decrypts the SRTP packet <c>buffer[..length]</c> in place, reporting why it failed.</summary>
    /// <param name="buffer">Holds the packet.</param>
    /// <param name="length">Length of the SRTP packet.</param>
    /// <param name="plainLength">Length of the RTP packet, 0 on failure.</param>
    /// <param name="status">The outcome.</param>
    /// <returns><see langword="true"/> when <paramref name="status"/> is <see cref="SrtpStatus.Ok"/>.</returns>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength, out SrtpStatus status)
    {
        plainLength = 0;
        status = CheckCall(SrtpDirection.Unprotect, buffer, length);
        if (status != SrtpStatus.Ok) return false;
        if (!RtpHeader.TryGetHeaderLength(buffer[..length], out var headerLength))
        {
            status = length < RtpHeader.FixedHeaderLength ? SrtpStatus.TooShort : SrtpStatus.Malformed;
            return false;
        }

        if (length - headerLength < _cipher.RtpOverhead)
        {
            status = SrtpStatus.TooShort;
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var state = Find(ssrc);
        var isNew = state is null;
        if (state is null)
        {
            if (_count == _states.Length)
            {
                status = SrtpStatus.UnknownSsrcLimit;
                return false;
            }

            state = _scratch;
            state.Reset(ssrc);
        }

        status = CheckRtpIndex(state, BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]), out var index);
        if (status != SrtpStatus.Ok) return false;
        if (!_cipher.TryUnprotectRtp(buffer, headerLength, length, ssrc, index, _encryptRtp, out plainLength))
        {
            _authenticationFailures++;
            status = SrtpStatus.AuthenticationFailed;
            return false;
        }

        if (isNew) state = Claim(ssrc)!;
        state.Rtp.Accept(index);
        _rtpPackets++;
        return true;
    }

    /// <summary>Protects the (compound) RTCP packet <c>buffer[..length]</c> in place.</summary>
    /// <param name="buffer">Holds the packet and at least <see cref="RtcpOverhead"/> spare bytes after it.</param>
    /// <param name="length">Length of the RTCP packet.</param>
    /// <param name="protectedLength">Length of the SRTCP packet, 0 on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) => TryProtectRtcp(buffer, length, out protectedLength, out _);

    /// <summary>Protects the (compound) RTCP packet <c>buffer[..length]</c> in place, reporting why it failed.</summary>
    /// <param name="buffer">Holds the packet and at least <see cref="RtcpOverhead"/> spare bytes after it.</param>
    /// <param name="length">Length of the RTCP packet.</param>
    /// <param name="protectedLength">Length of the SRTCP packet, 0 on failure.</param>
    /// <param name="status">The outcome.</param>
    /// <returns><see langword="true"/> when <paramref name="status"/> is <see cref="SrtpStatus.Ok"/>.</returns>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpStatus status)
    {
        protectedLength = 0;
        status = CheckCall(SrtpDirection.Protect, buffer, length);
        if (status != SrtpStatus.Ok) return false;
        status = CheckRtcpHeader(buffer, length, 0);
        if (status != SrtpStatus.Ok) return false;
        if (buffer.Length - length < _cipher.RtcpOverhead)
        {
            status = SrtpStatus.BufferTooSmall;
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var state = Find(ssrc) ?? Claim(ssrc);
        if (state is null)
        {
            status = SrtpStatus.UnknownSsrcLimit;
            return false;
        }

        var index = state.NextRtcpIndex;
        if (index > MaxRtcpIndex)
        {
            status = SrtpStatus.KeyLifetimeExceeded;
            return false;
        }

        protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, index, _encryptRtcp);
        state.NextRtcpIndex = index + 1;
        _rtcpPackets++;
        return true;
    }

    /// <summary>Verifies and decrypts the SRTCP packet <c>buffer[..length]</c> in place.</summary>
    /// <param name="buffer">Holds the packet.</param>
    /// <param name="length">Length of the SRTCP packet.</param>
    /// <param name="plainLength">Length of the RTCP packet, 0 on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength) => TryUnprotectRtcp(buffer, length, out plainLength, out _);

    /// <summary>Verifies and decrypts the SRTCP packet <c>buffer[..length]</c> in place, reporting why it failed.
    /// Whether the payload is decrypted follows the packet's E bit.</summary>
    /// <param name="buffer">Holds the packet.</param>
    /// <param name="length">Length of the SRTCP packet.</param>
    /// <param name="plainLength">Length of the RTCP packet, 0 on failure.</param>
    /// <param name="status">The outcome.</param>
    /// <returns><see langword="true"/> when <paramref name="status"/> is <see cref="SrtpStatus.Ok"/>.</returns>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength, out SrtpStatus status)
    {
        plainLength = 0;
        status = CheckCall(SrtpDirection.Unprotect, buffer, length);
        if (status != SrtpStatus.Ok) return false;
        status = CheckRtcpHeader(buffer, length, _cipher.RtcpOverhead);
        if (status != SrtpStatus.Ok) return false;

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var word = BinaryPrimitives.ReadUInt32BigEndian(buffer[(length - _cipher.RtcpIndexOffsetFromEnd)..]);
        var encrypted = (word & 0x8000_0000u) != 0;
        var index = word & MaxRtcpIndex;
        var state = Find(ssrc);
        var isNew = state is null;
        if (state is null)
        {
            if (_count == _states.Length)
            {
                status = SrtpStatus.UnknownSsrcLimit;
                return false;
            }

            state = _scratch;
            state.Reset(ssrc);
        }

        if (!state.Rtcp.IsFresh(index))
        {
            _replayedPackets++;
            status = SrtpStatus.Replayed;
            return false;
        }

        if (!_cipher.TryUnprotectRtcp(buffer, length, ssrc, index, encrypted, out plainLength))
        {
            _authenticationFailures++;
            status = SrtpStatus.AuthenticationFailed;
            return false;
        }

        if (isNew) state = Claim(ssrc)!;
        state.Rtcp.Accept(index);
        _rtcpPackets++;
        return true;
    }

    /// <summary>Releases the AES and HMAC instances and clears the keys.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cipher.Dispose();
    }

    /// <summary>
    /// RFC 3711 Appendix A: guesses the ROC of <paramref name="sequence"/> from the highest index seen, so that the
    /// packet index is the one closest to it. Returns a negative value for a packet from before ROC 0.
    /// </summary>
    internal static long EstimateIndex(ulong highest, ushort sequence)
    {
        var roc = (long)(highest >> 16);
        var last = (int)(highest & 0xFFFF);
        long guess;
        if (last < 0x8000)
        {
            guess = sequence - last > 0x8000 ? roc - 1 : roc;
        }
        else
        {
            guess = last - 0x8000 > sequence ? roc + 1 : roc;
        }

        return (guess << 16) | sequence;
    }

    private static SrtpSessionKeys DeriveKeys(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (masterKey.Length != profile.CipherKeyLength) throw new ArgumentException($"{profile.Name} needs a {profile.CipherKeyLength}-byte master key.", nameof(masterKey));
        if (masterSalt.Length != profile.SaltLength) throw new ArgumentException($"{profile.Name} needs a {profile.SaltLength}-byte master salt.", nameof(masterSalt));
        return SrtpKeyDerivation.DeriveAll(profile, masterKey, masterSalt);
    }

    private SrtpStatus CheckCall(SrtpDirection direction, Span<byte> buffer, int length)
    {
        if (_disposed) return SrtpStatus.Disposed;
        if (direction != Direction) return SrtpStatus.WrongDirection;
        return (uint)length > (uint)buffer.Length ? SrtpStatus.Malformed : SrtpStatus.Ok;
    }

    private static SrtpStatus CheckRtcpHeader(Span<byte> buffer, int length, int trailer)
    {
        if (length < MinRtcpLength + trailer) return SrtpStatus.TooShort;
        return (buffer[0] >> 6) == 2 ? SrtpStatus.Ok : SrtpStatus.Malformed;
    }

    private SrtpStatus CheckRtpIndex(SrtpSsrcState state, ushort sequence, out ulong index)
    {
        index = 0;
        if (!state.Rtp.Started)
        {
            // RFC 3711 §3.3.1: the first packet sets s_l; the ROC starts at 0.
            index = sequence;
            return SrtpStatus.Ok;
        }

        var estimate = EstimateIndex(state.Rtp.Highest, sequence);
        if (estimate < 0 || !state.Rtp.IsFresh((ulong)estimate))
        {
            _replayedPackets++;
            return SrtpStatus.Replayed;
        }

        if ((ulong)estimate > MaxRtpIndex) return SrtpStatus.KeyLifetimeExceeded;
        index = (ulong)estimate;
        return SrtpStatus.Ok;
    }

    private SrtpSsrcState? Find(uint ssrc)
    {
        var states = _states;
        var last = states[_last];
        if (last is not null && last.Ssrc == ssrc && _last < _count) return last;
        for (var i = 0; i < _count; i++)
        {
            var state = states[i]!;
            if (state.Ssrc == ssrc)
            {
                _last = i;
                return state;
            }
        }

        return null;
    }

    /// <summary>Takes a free slot for a new SSRC (copying the scratch state when it was used), or null when full.</summary>
    private SrtpSsrcState? Claim(uint ssrc)
    {
        if (_count == _states.Length) return null;
        var state = _states[_count] ??= new SrtpSsrcState();
        if (_scratch.Ssrc == ssrc)
        {
            state.CopyFrom(_scratch);
        }
        else
        {
            state.Reset(ssrc);
        }

        _scratch.Reset(0);
        _last = _count;
        _count++;
        return state;
    }
}

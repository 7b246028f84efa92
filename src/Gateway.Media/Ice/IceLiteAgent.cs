using System.Net;
using System.Text;

namespace Gateway.Media.Ice;

/// <summary>
/// An ICE-lite agent (RFC 8445 §2.5, §7.3) for one component of one media stream: it never sends checks, it answers
/// the peer's connectivity checks, records the pair the (always controlling) peer nominates with USE-CANDIDATE, and
/// tracks consent freshness (RFC 7675) from the peer's periodic checks.
/// </summary>
/// <remarks>
/// <see cref="HandleStunRequest"/> allocates nothing on its paths (the event, when the nominated endpoint changes,
/// is the one exception). It may be called from any thread; calls are serialised.
/// </remarks>
public sealed class IceLiteAgent : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _consentTimeout;
    private readonly bool _requireFingerprint;
    private readonly byte[]? _software;
    private readonly Lock _sync = new();
    private readonly ITimer _consentTimer;

    private StunCredential _localKey;
    private byte[] _expectedUsername;
    private IPEndPoint? _nominated;
    private long _lastValidCheck;
    private volatile bool _consentExpired;
    private bool _disposed;

    /// <summary>Creates an agent and starts its consent timer.</summary>
    /// <param name="localCredentials">This agent's ufrag/pwd (as put in the local SDP); see <see cref="IceCredentials.Generate"/>.</param>
    /// <param name="remoteCredentials">The peer's ufrag/pwd, from its SDP.</param>
    /// <param name="timeProvider">The clock for consent freshness.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    public IceLiteAgent(IceCredentials localCredentials, IceCredentials remoteCredentials, TimeProvider timeProvider,
        IceLiteAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(remoteCredentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new IceLiteAgentOptions();
        if (options.ConsentTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "The consent timeout must be positive.");

        _timeProvider = timeProvider;
        _consentTimeout = options.ConsentTimeout;
        _requireFingerprint = options.RequireFingerprint;
        _software = options.Software is null ? null : Encoding.UTF8.GetBytes(options.Software);
        LocalCredentials = localCredentials;
        RemoteCredentials = remoteCredentials;
        _localKey = StunCredential.CreateShortTerm(localCredentials.Password);
        _expectedUsername = ExpectedUsername(localCredentials, remoteCredentials);
        _lastValidCheck = timeProvider.GetTimestamp();
        _consentTimer = timeProvider.CreateTimer(static state => ((IceLiteAgent)state!).OnConsentTimer(), this,
            _consentTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised when the peer nominates a new endpoint (the first time, and on every change).</summary>
    public event EventHandler<IceEndpointChangedEventArgs>? NominatedEndpointChanged;

    /// <summary>Raised once when consent expires (no valid check for the consent timeout).</summary>
    public event EventHandler? ConsentExpired;

    /// <summary>This agent's credentials.</summary>
    public IceCredentials LocalCredentials { get; private set; }

    /// <summary>The peer's credentials.</summary>
    public IceCredentials RemoteCredentials { get; private set; }

    /// <summary>The source of the last check that carried USE-CANDIDATE: where media must be sent. Null before.</summary>
    public IPEndPoint? NominatedEndpoint => Volatile.Read(ref _nominated);

    /// <summary>
    /// True once no valid check arrived for the consent timeout (RFC 7675 §5.1): stop sending to the peer.
    /// It stays true until <see cref="Restart"/> (an ICE restart).
    /// </summary>
    public bool IsConsentExpired => _consentExpired;

    /// <summary>
    /// Handles a packet that may be a connectivity check and writes the response to send back to
    /// <paramref name="source"/> (RFC 8445 §7.3; errors per RFC 8489 §6.3.1 and §9.1.3). A request protected with
    /// MESSAGE-INTEGRITY-SHA256 alone is answered with MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.4).
    /// </summary>
    /// <param name="packet">A received datagram.</param>
    /// <param name="source">Where it came from (the XOR-MAPPED-ADDRESS of the response; nominated on USE-CANDIDATE).</param>
    /// <param name="response">A buffer for the response (256 bytes is ample).</param>
    /// <param name="responseLength">The response length; 0 when nothing is to be sent.</param>
    /// <returns>What was done; send <paramref name="response"/> when <paramref name="responseLength"/> is not 0.
    /// After <see cref="Dispose"/>, every request is <see cref="IceCheckResult.Ignored"/>.</returns>
    public IceCheckResult HandleStunRequest(ReadOnlySpan<byte> packet, IPEndPoint source, Span<byte> response,
        out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        responseLength = 0;
        if (!StunMessage.TryRead(packet, out var request, out var consumed) || consumed != packet.Length) return IceCheckResult.NotStun;

        var fingerprint = request.CheckFingerprint();
        if (fingerprint == StunCheckResult.Invalid) return IceCheckResult.NotStun;
        if (request.Class != StunClass.Request) return IceCheckResult.Ignored;
        if (fingerprint == StunCheckResult.Absent && _requireFingerprint) return IceCheckResult.Ignored;

        IPEndPoint? previous = null, nominated = null;
        IceCheckResult result;
        lock (_sync)
        {
            if (_disposed) return IceCheckResult.Ignored;
            result = Check(request, source, response, out responseLength, ref previous, ref nominated);
        }

        if (nominated is not null) NominatedEndpointChanged?.Invoke(this, new IceEndpointChangedEventArgs(previous, nominated));
        return result;
    }

    /// <summary>
    /// Applies an ICE restart (RFC 8445 §9): new credentials on both sides. Consent is fresh again; the nominated
    /// endpoint stays until the peer nominates anew.
    /// </summary>
    /// <param name="localCredentials">The new local credentials.</param>
    /// <param name="remoteCredentials">The new remote credentials.</param>
    public void Restart(IceCredentials localCredentials, IceCredentials remoteCredentials)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(remoteCredentials);
        var key = StunCredential.CreateShortTerm(localCredentials.Password);
        StunCredential old;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            old = _localKey;
            _localKey = key;
            _expectedUsername = ExpectedUsername(localCredentials, remoteCredentials);
            LocalCredentials = localCredentials;
            RemoteCredentials = remoteCredentials;
            Volatile.Write(ref _lastValidCheck, _timeProvider.GetTimestamp());
            _consentExpired = false;
            _consentTimer.Change(_consentTimeout, Timeout.InfiniteTimeSpan);
        }

        old.Dispose();
    }

    /// <summary>Stops the consent timer and releases the HMAC objects.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed) return;
            _disposed = true;
            _consentTimer.Dispose();
            _localKey.Dispose();
        }
    }

    private IceCheckResult Check(StunMessage request, IPEndPoint source, Span<byte> response, out int responseLength,
        ref IPEndPoint? previous, ref IPEndPoint? nominated)
    {
        responseLength = 0;
        if (request.Method != StunMethod.Binding)
            return Error(request, response, StunErrorCode.BadRequest, "Bad Request"u8, authenticated: false, sha256: false, default, IceCheckResult.BadRequest, out responseLength);

        // RFC 8489 §9.1.3: USERNAME and MESSAGE-INTEGRITY (or MESSAGE-INTEGRITY-SHA256) are required.
        var sha256 = !request.HasMessageIntegrity && request.HasMessageIntegritySha256;
        if (!request.TryGetUsername(out var username) || !(request.HasMessageIntegrity || sha256))
            return Error(request, response, StunErrorCode.BadRequest, "Bad Request"u8, authenticated: false, sha256, default, IceCheckResult.BadRequest, out responseLength);

        // RFC 8445 §7.3: USERNAME is "local-ufrag:remote-ufrag" from this agent's point of view.
        if (!username.SequenceEqual(_expectedUsername)) return IceCheckResult.UnknownUsername;

        var integrity = sha256 ? request.CheckMessageIntegritySha256(_localKey) : request.CheckMessageIntegrity(_localKey);
        if (integrity != StunCheckResult.Valid)
            return Error(request, response, StunErrorCode.Unauthenticated, "Unauthenticated"u8, authenticated: false, sha256, default, IceCheckResult.Unauthenticated, out responseLength);

        // RFC 8489 §6.3.1.1: unknown comprehension-required attributes → 420 listing them.
        Span<ushort> unknown = stackalloc ushort[16];
        var unknownCount = 0;
        foreach (var attribute in request.GetAttributes())
        {
            if (attribute.IsComprehensionRequired && !IsUnderstood(attribute.Type) && unknownCount < unknown.Length)
                unknown[unknownCount++] = attribute.Type;
        }

        if (unknownCount > 0)
            return Error(request, response, StunErrorCode.UnknownAttribute, "Unknown Attribute"u8, authenticated: true, sha256, unknown[..unknownCount], IceCheckResult.UnknownAttributes, out responseLength);

        // RFC 8445 §7.3.1.1: this agent is controlled. A peer that also claims the controlled role gets 487: a lite
        // agent can never take the controlling role (§6.1.1), so it acts as if its tie-breaker had won.
        if (request.HasAttribute(StunAttributeType.IceControlled))
            return Error(request, response, StunErrorCode.RoleConflict, "Role Conflict"u8, authenticated: true, sha256, default, IceCheckResult.RoleConflict, out responseLength);

        // A valid check: consent is fresh (RFC 7675 §5.1), and USE-CANDIDATE nominates this pair (RFC 8445 §7.3.1.5).
        Volatile.Write(ref _lastValidCheck, _timeProvider.GetTimestamp());
        if (request.HasAttribute(StunAttributeType.UseCandidate) && !source.Equals(_nominated))
        {
            previous = _nominated;
            nominated = new IPEndPoint(source.Address, source.Port); // copy: callers may reuse their endpoint object
            Volatile.Write(ref _nominated, nominated);
        }

        if (!StunMessageWriter.TryCreate(response, StunMessageType.BindingSuccess, request.TransactionId, out var writer)
            || !writer.TryAddXorMappedAddress(source)
            || (_software is not null && !writer.TryAddAttribute(StunAttributeType.Software, _software))
            || !(sha256 ? writer.TryAddMessageIntegritySha256(_localKey) : writer.TryAddMessageIntegrity(_localKey))
            || !writer.TryAddFingerprint())
        {
            return IceCheckResult.ResponseBufferTooSmall;
        }

        responseLength = writer.Length;
        return IceCheckResult.Answered;
    }

    private IceCheckResult Error(StunMessage request, Span<byte> response, int code, ReadOnlySpan<byte> reason,
        bool authenticated, bool sha256, ReadOnlySpan<ushort> unknownAttributes, IceCheckResult result, out int responseLength)
    {
        responseLength = 0;
        var type = new StunMessageType(request.Method, StunClass.ErrorResponse);
        if (!StunMessageWriter.TryCreate(response, type, request.TransactionId, out var writer)
            || !writer.TryAddErrorCode(code, reason)
            || (!unknownAttributes.IsEmpty && !writer.TryAddUnknownAttributes(unknownAttributes))
            || (_software is not null && !writer.TryAddAttribute(StunAttributeType.Software, _software))
            || (authenticated && !(sha256 ? writer.TryAddMessageIntegritySha256(_localKey) : writer.TryAddMessageIntegrity(_localKey)))
            || !writer.TryAddFingerprint())
        {
            return IceCheckResult.ResponseBufferTooSmall;
        }

        responseLength = writer.Length;
        return result;
    }

    private void OnConsentTimer()
    {
        bool expired;
        lock (_sync)
        {
            if (_disposed || _consentExpired) return;
            var elapsed = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastValidCheck));
            expired = elapsed >= _consentTimeout;
            if (expired) _consentExpired = true;
            else _consentTimer.Change(_consentTimeout - elapsed, Timeout.InfiniteTimeSpan);
        }

        if (expired) ConsentExpired?.Invoke(this, EventArgs.Empty);
    }

    private static bool IsUnderstood(ushort type) => type is StunAttributeType.Username or StunAttributeType.MessageIntegrity
        or StunAttributeType.MessageIntegritySha256 or StunAttributeType.Priority or StunAttributeType.UseCandidate
        or StunAttributeType.XorMappedAddress or StunAttributeType.MappedAddress or StunAttributeType.ErrorCode
        or StunAttributeType.UnknownAttributes or StunAttributeType.Realm or StunAttributeType.Nonce;

    private static byte[] ExpectedUsername(IceCredentials local, IceCredentials remote) =>
        Encoding.ASCII.GetBytes(local.UsernameFragment + ":" + remote.UsernameFragment);
}

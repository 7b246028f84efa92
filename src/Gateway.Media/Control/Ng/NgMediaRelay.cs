using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// <see cref="IMediaRelay"/> over rtpengine's ng protocol: drives one rtpengine daemon or a farm of them (or our own
/// <see cref="NgServer"/>) as Kamailio's rtpengine module does, with the same dictionary keys for the same flags.
/// </summary>
/// <remarks>
/// <para>A new call (an offer for a Call-ID not seen yet) goes to an instance chosen by weight among those not
/// recently timed out; if it does not answer after <see cref="NgClientOptions.AttemptsPerInstance"/> sends of the same
/// request (same cookie) it is passed over for <see cref="NgClientOptions.DisableDuration"/> and the next instance is
/// tried. Every later command of the call goes to the instance that took the offer (affinity by Call-ID, forgotten on
/// delete, on timeout, and after <see cref="NgClientOptions.CallAffinityLifetime"/> without commands).</para>
/// <para><see cref="SessionEnded"/> is never raised: ng has no way for rtpengine to tell its client that it ended a
/// call (media timeout). Poll <see cref="QueryAsync"/> if you need to know.</para>
/// </remarks>
public sealed partial class NgMediaRelay : IMediaRelay, IDisposable
{
    private const int ListLimit = 1000;

    private readonly NgClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NgInstance[] _instances;
    private readonly Lock _selectionLock = new();
    private readonly Lock _affinityLock = new();
    private readonly Dictionary<string, Affinity> _affinity = new(StringComparer.Ordinal);
    private readonly string _cookiePrefix;
    private long _sequence;
    private bool _disposed;

    /// <summary>Creates the client; sockets are opened now, one per instance, on an ephemeral port.</summary>
    /// <param name="options">Instances and timeouts.</param>
    /// <param name="timeProvider">Clock for timeouts and affinity; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    public NgMediaRelay(NgClientOptions options, TimeProvider? timeProvider = null, ILogger<NgMediaRelay>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _instances = new NgInstance[options.Endpoints.Count];
        try
        {
            for (var i = 0; i < _instances.Length; i++) _instances[i] = new NgInstance(options.Endpoints[i], options.MaxDatagramSize);
        }
        catch
        {
            foreach (var instance in _instances) instance?.Dispose();
            throw;
        }

        _cookiePrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "_";
    }

    /// <summary>Never raised: the ng protocol cannot report sessions the relay ended by itself (see remarks).</summary>
    public event EventHandler<MediaSessionEndedEventArgs>? SessionEnded
    {
        add { }
        remove { }
    }

    /// <summary>The instance a call is bound to, or <see langword="null"/> when none is remembered.</summary>
    /// <param name="callId">The Call-ID.</param>
    public NgClientEndpoint? GetInstance(string callId)
    {
        lock (_affinityLock) return _affinity.TryGetValue(callId, out var affinity) ? affinity.Instance.Endpoint : null;
    }

    /// <inheritdoc/>
    public ValueTask<MediaRelayResult> OfferAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OfferAnswerAsync("offer", request, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<MediaRelayResult> AnswerAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OfferAnswerAsync("answer", request, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var body = Encode(key.CallId.Length + 512, (ref BencodeWriter writer) => WriteCommand(ref writer, "delete", key));
        var outcome = await SendAsync(key.CallId, body, newCall: false, untilFound: true, cancellationToken).ConfigureAwait(false);
        if (key.ViaBranch is null || outcome.Reply is null) Forget(key.CallId);
        return outcome.Reply is { } reply && IsOk(reply) && reply.GetText("warning") is null;
    }

    /// <inheritdoc/>
    public async ValueTask<MediaSessionInfo?> QueryAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var body = Encode(key.CallId.Length + 512, (ref BencodeWriter writer) => WriteCommand(ref writer, "query", key));
        var outcome = await SendAsync(key.CallId, body, newCall: false, untilFound: true, cancellationToken).ConfigureAwait(false);
        return outcome.Reply is { } reply && IsOk(reply) ? NgSessionInfoReader.Read(reply, key, outcome.Instance!.Name) : null;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<MediaSessionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var body = Encode(128, static (ref BencodeWriter writer) =>
        {
            writer.TryWriteKeyValue("command"u8, "list");
            writer.TryWriteKeyValue("limit"u8, ListLimit);
        });
        var sessions = new List<MediaSessionInfo>();
        foreach (var instance in _instances)
        {
            if (instance.IsDisabled(_time)) continue; // it timed out recently: do not stall the listing on it
            var reply = await ExchangeAsync(instance, body, cancellationToken).ConfigureAwait(false);
            if (reply is null || !IsOk(reply)) continue;
            foreach (var callId in reply.GetStrings("calls"))
            {
                if (string.IsNullOrEmpty(callId)) continue;
                sessions.Add(new MediaSessionInfo { Key = new MediaSessionKey(callId, string.Empty), Instance = instance.Name });
            }
        }

        return sessions;
    }

    /// <summary>Sends <c>ping</c> to every instance; returns those that answered <c>pong</c>.</summary>
    /// <param name="cancellationToken">Cancels the pings.</param>
    public async Task<IReadOnlyList<NgClientEndpoint>> PingAsync(CancellationToken cancellationToken = default)
    {
        var body = Encode(64, static (ref BencodeWriter writer) => writer.TryWriteKeyValue("command"u8, "ping"));
        var alive = new List<NgClientEndpoint>();
        foreach (var instance in _instances)
        {
            var reply = await ExchangeAsync(instance, body, cancellationToken).ConfigureAwait(false);
            if (reply?.GetText("result") == "pong")
            {
                instance.Enable();
                alive.Add(instance.Endpoint);
            }
        }

        return alive;
    }

    /// <summary>Closes the sockets; pending commands are cancelled.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var instance in _instances) instance.Dispose();
    }

    private async ValueTask<MediaRelayResult> OfferAnswerAsync(string command, MediaRelayRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var flags = request.Flags;
        byte[] body;
        try
        {
            body = Encode(request.Sdp.Length + 2048 + FlagsLength(flags), (ref BencodeWriter writer) =>
            {
                writer.TryWriteKey("sdp"u8);
                writer.TryWriteString(request.Sdp.Span);
                NgFlagMapper.WriteEntries(ref writer, flags, request.ReceivedFrom);
                WriteCommand(ref writer, command, request.Key, flags);
            });
        }
        catch (InvalidOperationException ex)
        {
            return MediaRelayResult.Fail(ex.Message);
        }

        var outcome = await SendAsync(request.Key.CallId, body, newCall: command == "offer", untilFound: false, cancellationToken).ConfigureAwait(false);
        if (outcome.Reply is not { } reply)
        {
            return MediaRelayResult.Fail(outcome.Error ?? "No rtpengine instance answered");
        }

        if (!IsOk(reply)) return MediaRelayResult.Fail(reply.GetText("error-reason") ?? $"rtpengine answered '{reply.GetText("result")}'");
        if (!reply.TryGet("sdp", out var sdp) || sdp.Kind != NgValueKind.String) return MediaRelayResult.Fail("rtpengine's reply has no SDP");
        return MediaRelayResult.Ok(sdp.Bytes, reply.GetText("warning"));
    }

    /// <summary>
    /// Sends one command for a call: to its instance when one is remembered; otherwise (a new call, or a command for
    /// a call this client does not know) to the instances in selection order until one answers — for
    /// <paramref name="untilFound"/> commands, until one knows the call.
    /// </summary>
    private async Task<Outcome> SendAsync(string callId, byte[] body, bool newCall, bool untilFound, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        NgInstance? bound;
        lock (_affinityLock)
        {
            bound = _affinity.TryGetValue(callId, out var affinity) ? affinity.Instance : null;
        }

        if (bound is not null)
        {
            var reply = await ExchangeAsync(bound, body, cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                Forget(callId);
                return new Outcome(null, bound, $"rtpengine {bound.Name} did not answer (timeout)");
            }

            Touch(callId, bound);
            return new Outcome(reply, bound, null);
        }

        Outcome last = new(null, null, "No rtpengine instance answered (timeout)");
        foreach (var instance in SelectionOrder())
        {
            var reply = await ExchangeAsync(instance, body, cancellationToken).ConfigureAwait(false);
            if (reply is null) continue;
            last = new Outcome(reply, instance, null);
            var result = reply.GetText("result");
            if (newCall && result == "load limit") continue; // overloaded: the next instance may take the call
            if (untilFound && (!IsOk(reply) || reply.GetText("warning") is not null)) continue;
            if (IsOk(reply)) Touch(callId, instance);
            return last;
        }

        return last;
    }

    private async Task<NgValue?> ExchangeAsync(NgInstance instance, byte[] body, CancellationToken cancellationToken)
    {
        var cookie = _cookiePrefix + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var bytes = await instance.ExchangeAsync(cookie, body, _options.AttemptsPerInstance, _options.AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            instance.Disable(_time, _options.DisableDuration);
            Log.Timeout(_logger, instance.Name, cookie, _options.AttemptsPerInstance);
            return null;
        }

        instance.Enable();
        if (NgValue.TryParse(bytes, out var reply, out var error) && reply!.Kind == NgValueKind.Dictionary) return reply;
        Log.BadReply(_logger, instance.Name, error ?? "not a dictionary");
        return NgValue.TryParse("d6:result5:error12:error-reason30:rtpengine sent an invalid replye"u8, out var invalid, out _) ? invalid : null;
    }

    /// <summary>The instances for a new call: the weighted pick first, then the rest; recently failed ones last.</summary>
    private List<NgInstance> SelectionOrder()
    {
        var order = new List<NgInstance>(_instances.Length);
        lock (_selectionLock)
        {
            // Smooth weighted round-robin (as nginx does) over the healthy instances.
            NgInstance? best = null;
            long total = 0;
            foreach (var instance in _instances)
            {
                if (instance.IsDisabled(_time)) continue;
                instance.CurrentWeight += instance.Endpoint.Weight;
                total += instance.Endpoint.Weight;
                if (best is null || instance.CurrentWeight > best.CurrentWeight) best = instance;
            }

            if (best is not null)
            {
                best.CurrentWeight -= total;
                order.Add(best);
            }
        }

        foreach (var instance in _instances)
        {
            if (!order.Contains(instance) && !instance.IsDisabled(_time)) order.Add(instance);
        }

        foreach (var instance in _instances)
        {
            if (!order.Contains(instance)) order.Add(instance);
        }

        return order;
    }

    private void Touch(string callId, NgInstance instance)
    {
        var now = _time.GetTimestamp();
        lock (_affinityLock)
        {
            if (!_affinity.ContainsKey(callId) && _affinity.Count >= _options.MaxTrackedCalls) Sweep(now);
            _affinity[callId] = new Affinity(instance, now);
        }
    }

    private void Forget(string callId)
    {
        lock (_affinityLock) _affinity.Remove(callId);
    }

    /// <summary>
    /// Drops calls idle past their lifetime; if still full, the least recently used 1/64th, so a full map is swept
    /// once per that many new calls rather than on every one.
    /// </summary>
    private void Sweep(long now)
    {
        var expired = new List<string>();
        foreach (var (callId, affinity) in _affinity)
        {
            if (_time.GetElapsedTime(affinity.LastUsed, now) >= _options.CallAffinityLifetime) expired.Add(callId);
        }

        foreach (var callId in expired) _affinity.Remove(callId);
        if (_affinity.Count < _options.MaxTrackedCalls) return;

        var byAge = new List<KeyValuePair<string, Affinity>>(_affinity);
        byAge.Sort(static (a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
        var evict = Math.Max(1, _options.MaxTrackedCalls / 64);
        for (var i = 0; i < evict && i < byAge.Count; i++) _affinity.Remove(byAge[i].Key);
    }

    private static void WriteCommand(ref BencodeWriter writer, string command, MediaSessionKey key, MediaFlags? flags = null)
    {
        writer.TryWriteKeyValue("call-id"u8, key.CallId);
        if (key.ViaBranch is { Length: > 0 } branch) writer.TryWriteKeyValue("via-branch"u8, branch);
        writer.TryWriteKeyValue("from-tag"u8, key.FromTag);
        if (key.ToTag is { Length: > 0 } toTag) writer.TryWriteKeyValue("to-tag"u8, toTag);
        writer.TryWriteKeyValue("command"u8, command);
        if (flags is not null && NgFlagMapper.HasFlagList(flags))
        {
            writer.TryWriteKey("flags"u8);
            writer.TryWriteStartList();
            NgFlagMapper.WriteFlagList(ref writer, flags);
            writer.TryWriteEnd();
        }
    }

    private byte[] Encode(int estimate, EncodeBody body)
    {
        var size = Math.Min(_options.MaxDatagramSize, estimate);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var writer = new BencodeWriter(buffer.AsSpan(0, size));
            writer.TryWriteStartDictionary();
            body(ref writer);
            writer.TryWriteEnd();
            if (writer.HasFailed || writer.CurrentDepth != 0)
            {
                throw new InvalidOperationException($"The ng request does not fit in {_options.MaxDatagramSize} bytes");
            }

            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int FlagsLength(MediaFlags flags)
    {
        var length = (flags.MediaAddress?.Length ?? 0) + (flags.AddressFamily?.Length ?? 0);
        foreach (var item in flags.OtherFlags) length += Encoding.UTF8.GetMaxByteCount(item.Length) + 8;
        foreach (var item in flags.OtherReplace) length += Encoding.UTF8.GetMaxByteCount(item.Length) + 8;
        foreach (var item in flags.Directions) length += Encoding.UTF8.GetMaxByteCount(item.Length) + 8;
        foreach (var item in flags.SdesExclude) length += Encoding.UTF8.GetMaxByteCount(item.Length) + 16;
        foreach (var item in flags.SdesOnly) length += Encoding.UTF8.GetMaxByteCount(item.Length) + 16;
        return length;
    }

    private static bool IsOk(NgValue reply) => reply.GetText("result") == "ok";

    private delegate void EncodeBody(ref BencodeWriter writer);

    private readonly record struct Affinity(NgInstance Instance, long LastUsed);

    private readonly record struct Outcome(NgValue? Reply, NgInstance? Instance, string? Error);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "rtpengine {Instance} did not answer the request with cookie {Cookie} after {Attempts} attempts")]
        public static partial void Timeout(ILogger logger, string instance, string cookie, int attempts);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "rtpengine {Instance} sent a reply that is not an ng dictionary: {Error}")]
        public static partial void BadReply(ILogger logger, string instance, string error);
    }
}

using System.Buffers;
using System.Text;
using Gateway.Core.Media;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// Executes one ng request against an <see cref="IMediaRelay"/> and builds the reply datagram. Sockets, retransmission
/// and concurrency are <see cref="NgServer"/>'s; this class only maps dictionaries to relay calls and back. Every
/// failure becomes a <c>result: error</c> reply; nothing escapes but cancellation by the caller.
/// </summary>
internal sealed class NgCommandHandler
{
    private const int DefaultListLimit = 32;
    private const int MaxListLimit = 4096;

    private readonly IMediaRelay _relay;
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _offers;
    private long _answers;
    private long _deletes;
    private long _pings;
    private long _queries;
    private long _errors;

    public NgCommandHandler(IMediaRelay relay, TimeProvider time)
    {
        _relay = relay;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Handles the dictionary of one request and returns the whole reply datagram (cookie included).</summary>
    /// <param name="cookie">The request's cookie, echoed.</param>
    /// <param name="body">The bencoded dictionary after the cookie and space.</param>
    /// <param name="maxReplySize">The largest datagram the reply may be.</param>
    /// <param name="cancellationToken">Cancels the relay call (the command's timeout).</param>
    public async ValueTask<byte[]> HandleAsync(ReadOnlyMemory<byte> cookie, ReadOnlyMemory<byte> body, int maxReplySize, CancellationToken cancellationToken)
    {
        if (!NgValue.TryParse(body.Span, out var request, out var parseError) || request!.Kind != NgValueKind.Dictionary)
        {
            return Error(cookie, maxReplySize, parseError is null ? "Could not decode dictionary: not a dictionary" : "Could not decode dictionary: " + parseError);
        }

        var command = request.GetText("command");
        if (string.IsNullOrEmpty(command)) return Error(cookie, maxReplySize, "Dictionary contains no key \"command\"");

        try
        {
            return command.ToUpperInvariant() switch
            {
                "PING" => Ping(cookie, maxReplySize),
                "OFFER" => await OfferAnswerAsync(cookie, request, offer: true, maxReplySize, cancellationToken).ConfigureAwait(false),
                "ANSWER" => await OfferAnswerAsync(cookie, request, offer: false, maxReplySize, cancellationToken).ConfigureAwait(false),
                "DELETE" => await DeleteAsync(cookie, request, maxReplySize, cancellationToken).ConfigureAwait(false),
                "QUERY" => await QueryAsync(cookie, request, maxReplySize, cancellationToken).ConfigureAwait(false),
                "LIST" => await ListAsync(cookie, request, maxReplySize, cancellationToken).ConfigureAwait(false),
                "STATISTICS" => await StatisticsAsync(cookie, maxReplySize, cancellationToken).ConfigureAwait(false),
                _ => Error(cookie, maxReplySize, $"Unrecognized command '{command}'"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Error(cookie, maxReplySize, "Timed out waiting for the media relay");
        }
    }

    /// <summary>A reply to a request that could not be read at all (used by the server for oversized input).</summary>
    public byte[] Error(ReadOnlyMemory<byte> cookie, int maxReplySize, string reason)
    {
        Interlocked.Increment(ref _errors);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxReplySize, cookie.Length + reason.Length * 3 + 64));
        try
        {
            var length = NgReplyWriter.WriteError(buffer, cookie.Span, reason);
            if (length < 0) length = NgReplyWriter.WriteError(buffer, cookie.Span, "error");
            return buffer.AsSpan(0, Math.Max(length, 0)).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Ping(ReadOnlyMemory<byte> cookie, int maxReplySize)
    {
        Interlocked.Increment(ref _pings);
        return Build(cookie, maxReplySize, 64, static (ref BencodeWriter writer, object? _) => writer.TryWriteKeyValue("result"u8, "pong"), null);
    }

    private async ValueTask<byte[]> OfferAnswerAsync(ReadOnlyMemory<byte> cookie, NgValue request, bool offer, int maxReplySize, CancellationToken cancellationToken)
    {
        if (!request.TryGet("sdp", out var sdp) || sdp.Kind != NgValueKind.String || sdp.Bytes.Length == 0)
        {
            return Error(cookie, maxReplySize, "No SDP body in message");
        }

        if (!TryReadKey(request, out var key, out var keyError)) return Error(cookie, maxReplySize, keyError!);
        var flags = new MediaFlags();
        if (!NgFlagMapper.TryRead(request, flags, out var flagError)) return Error(cookie, maxReplySize, flagError!);
        if (!NgFlagMapper.TryReadReceivedFrom(request, out var receivedFrom, out var fromError)) return Error(cookie, maxReplySize, fromError!);

        Interlocked.Increment(ref offer ? ref _offers : ref _answers);
        var relayRequest = new MediaRelayRequest(key!, sdp.Bytes, flags) { ReceivedFrom = receivedFrom };
        var result = offer
            ? await _relay.OfferAsync(relayRequest, cancellationToken).ConfigureAwait(false)
            : await _relay.AnswerAsync(relayRequest, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return Error(cookie, maxReplySize, result.ErrorReason ?? "The media relay failed");

        return Build(cookie, maxReplySize, result.Sdp.Length + 256, static (ref BencodeWriter writer, object? state) =>
        {
            var ok = (MediaRelayResult)state!;
            writer.TryWriteKey("sdp"u8);
            writer.TryWriteString(ok.Sdp.Span);
            if (ok.Warning is { } warning) writer.TryWriteKeyValue("warning"u8, warning);
            writer.TryWriteKeyValue("result"u8, "ok");
        }, result);
    }

    private async ValueTask<byte[]> DeleteAsync(ReadOnlyMemory<byte> cookie, NgValue request, int maxReplySize, CancellationToken cancellationToken)
    {
        if (!TryReadKey(request, out var key, out var keyError, requireFromTag: false)) return Error(cookie, maxReplySize, keyError!);
        var fatal = false;
        var fast = false;
        foreach (var flag in request.GetStrings("flags"))
        {
            fatal |= flag.Equals("fatal", StringComparison.OrdinalIgnoreCase);
            fast |= flag.Equals("fast", StringComparison.OrdinalIgnoreCase);
        }

        Interlocked.Increment(ref _deletes);
        var final = fast ? null : await _relay.QueryAsync(key!, cancellationToken).ConfigureAwait(false);
        var deleted = await _relay.DeleteAsync(key!, cancellationToken).ConfigureAwait(false);
        const string NotFound = "Call-ID not found or tags didn't match";
        if (!deleted && fatal) return Error(cookie, maxReplySize, NotFound);

        return Build(cookie, maxReplySize, 4096 + (final?.Streams.Count ?? 0) * 512, static (ref BencodeWriter writer, object? state) =>
        {
            var (info, found) = ((MediaSessionInfo?, bool))state!;
            if (info is not null && found) NgReplyWriter.WriteSession(ref writer, info);
            if (!found) writer.TryWriteKeyValue("warning"u8, NotFound);
            writer.TryWriteKeyValue("result"u8, "ok");
        }, (final, deleted));
    }

    private async ValueTask<byte[]> QueryAsync(ReadOnlyMemory<byte> cookie, NgValue request, int maxReplySize, CancellationToken cancellationToken)
    {
        if (!TryReadKey(request, out var key, out var keyError, requireFromTag: false)) return Error(cookie, maxReplySize, keyError!);
        Interlocked.Increment(ref _queries);
        var info = await _relay.QueryAsync(key!, cancellationToken).ConfigureAwait(false);
        if (info is null) return Error(cookie, maxReplySize, "Unknown call-id");
        return Build(cookie, maxReplySize, 4096 + info.Streams.Count * 512, static (ref BencodeWriter writer, object? state) =>
        {
            NgReplyWriter.WriteSession(ref writer, (MediaSessionInfo)state!);
            writer.TryWriteKeyValue("result"u8, "ok");
        }, info);
    }

    private async ValueTask<byte[]> ListAsync(ReadOnlyMemory<byte> cookie, NgValue request, int maxReplySize, CancellationToken cancellationToken)
    {
        var limit = request.GetInteger("limit", DefaultListLimit);
        if (limit <= 0) return Error(cookie, maxReplySize, "Invalid 'limit': must be greater than zero");
        limit = Math.Min(limit, MaxListLimit);
        var sessions = await _relay.ListAsync(cancellationToken).ConfigureAwait(false);
        return Build(cookie, maxReplySize, maxReplySize, static (ref BencodeWriter writer, object? state) =>
        {
            var (list, max) = ((IReadOnlyList<MediaSessionInfo>, long))state!;
            writer.TryWriteKey("calls"u8);
            writer.TryWriteStartList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var session in list)
            {
                if (seen.Count >= max) break;
                if (seen.Add(session.Key.CallId)) writer.TryWriteString(session.Key.CallId.AsSpan());
            }

            writer.TryWriteEnd();
            writer.TryWriteKeyValue("result"u8, "ok");
        }, (sessions, limit));
    }

    private async ValueTask<byte[]> StatisticsAsync(ReadOnlyMemory<byte> cookie, int maxReplySize, CancellationToken cancellationToken)
    {
        var sessions = await _relay.ListAsync(cancellationToken).ConfigureAwait(false);
        return Build(cookie, maxReplySize, 2048, (ref BencodeWriter writer, object? state) =>
        {
            var list = (IReadOnlyList<MediaSessionInfo>)state!;
            long packets = 0, bytes = 0, errors = 0;
            foreach (var session in list)
            {
                foreach (var stream in session.Streams)
                {
                    packets += stream.PacketsReceived;
                    bytes += stream.BytesReceived;
                    errors += stream.Errors;
                }
            }

            writer.TryWriteKey("statistics"u8);
            writer.TryWriteStartDictionary();
            writer.TryWriteKey("currentstatistics"u8);
            writer.TryWriteStartDictionary();
            writer.TryWriteKeyValue("sessionsown"u8, list.Count);
            writer.TryWriteKeyValue("sessionsforeign"u8, 0);
            writer.TryWriteKeyValue("sessionstotal"u8, list.Count);
            writer.TryWriteEnd();
            writer.TryWriteKey("totalstatistics"u8);
            writer.TryWriteStartDictionary();
            writer.TryWriteKeyValue("uptime"u8, ((long)_time.GetElapsedTime(_started).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.TryWriteKeyValue("relayedpackets"u8, packets);
            writer.TryWriteKeyValue("relayedbytes"u8, bytes);
            writer.TryWriteKeyValue("relayedpacketerrors"u8, errors);
            writer.TryWriteEnd();
            writer.TryWriteKey("controlstatistics"u8);
            writer.TryWriteStartDictionary();
            writer.TryWriteKeyValue("pingcount"u8, Interlocked.Read(ref _pings));
            writer.TryWriteKeyValue("offercount"u8, Interlocked.Read(ref _offers));
            writer.TryWriteKeyValue("answercount"u8, Interlocked.Read(ref _answers));
            writer.TryWriteKeyValue("deletecount"u8, Interlocked.Read(ref _deletes));
            writer.TryWriteKeyValue("querycount"u8, Interlocked.Read(ref _queries));
            writer.TryWriteKeyValue("errorcount"u8, Interlocked.Read(ref _errors));
            writer.TryWriteEnd();
            writer.TryWriteEnd();
            writer.TryWriteKeyValue("result"u8, "ok");
        }, sessions);
    }

    private static bool TryReadKey(NgValue request, out MediaSessionKey? key, out string? error, bool requireFromTag = true)
    {
        key = null;
        error = null;
        var callId = request.GetText("call-id");
        if (string.IsNullOrEmpty(callId))
        {
            error = "No call-id in message";
            return false;
        }

        var fromTag = request.GetText("from-tag");
        if (requireFromTag && string.IsNullOrEmpty(fromTag))
        {
            error = "No from-tag in message";
            return false;
        }

        var toTag = request.GetText("to-tag");
        var viaBranch = request.GetText("via-branch");
        key = new MediaSessionKey(callId, fromTag ?? string.Empty, string.IsNullOrEmpty(toTag) ? null : toTag, string.IsNullOrEmpty(viaBranch) ? null : viaBranch);
        return true;
    }

    private byte[] Build(ReadOnlyMemory<byte> cookie, int maxReplySize, int estimate, ReplyBody body, object? state)
    {
        var size = Math.Min(maxReplySize, Math.Max(256, cookie.Length + 1 + estimate));
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var writer = NgReplyWriter.Start(buffer.AsSpan(0, size), cookie.Span);
            writer.TryWriteStartDictionary();
            body(ref writer, state);
            writer.TryWriteEnd();
            var length = NgReplyWriter.Finish(ref writer, cookie.Span);
            return length < 0
                ? Error(cookie, maxReplySize, $"The reply does not fit in {maxReplySize} bytes")
                : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void ReplyBody(ref BencodeWriter writer, object? state);
}

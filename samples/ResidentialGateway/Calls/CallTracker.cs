using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway.Calls;

/// <summary>
/// The calls being relayed, by Call-ID (the proxy itself keeps no dialog state: this is the sample's accounting, the
/// tutorial's <c>acc</c> in miniature). Logs one Information line when a call ends. Bounded: beyond
/// <see cref="MaxCalls"/> calls new ones are relayed but not tracked.
/// </summary>
internal sealed partial class CallTracker
{
    /// <summary>The most calls tracked at once.</summary>
    public const int MaxCalls = 100_000;

    private readonly ConcurrentDictionary<string, CallRecord> _calls = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<CallTracker> _logger;
    private long _started;
    private long _answered;
    private long _failed;
    private long _completed;
    private long _untracked;
    private long _mediaTimeouts;

    public CallTracker(TimeProvider time, ILogger<CallTracker> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Calls being tracked.</summary>
    public int Count => _calls.Count;

    /// <summary>Starts tracking a call; false when it is tracked already (or the table is full).</summary>
    public bool TryStart(string callId, string from, string to, string transport)
    {
        if (_calls.Count >= MaxCalls)
        {
            Interlocked.Increment(ref _untracked);
            return false;
        }

        if (!_calls.TryAdd(callId, new CallRecord(callId, from, to, transport, _time.GetUtcNow()))) return false;
        Interlocked.Increment(ref _started);
        return true;
    }

    /// <summary>A 2xx answered the call's INVITE.</summary>
    public void Answered(string callId)
    {
        if (_calls.TryGetValue(callId, out var call) && call.MarkAnswered(_time.GetUtcNow())) Interlocked.Increment(ref _answered);
    }

    /// <summary>
    /// The call ended: a final failure to its INVITE (<paramref name="status"/> ≥ 300), a CANCEL, or a BYE
    /// (<paramref name="status"/> 0). Logs the call once; later calls for the same Call-ID do nothing.
    /// </summary>
    public void Ended(string callId, int status, string reason)
    {
        if (!_calls.TryRemove(callId, out var call)) return;
        var now = _time.GetUtcNow();
        var answered = call.Answered;
        if (answered is { } at)
        {
            Interlocked.Increment(ref _completed);
            Log.CallEnded(_logger, call.CallId, call.From, call.To, reason, (now - at).TotalSeconds);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            Log.CallFailed(_logger, call.CallId, call.From, call.To, status, reason, (now - call.Started).TotalSeconds);
        }
    }

    /// <summary>The gateway ended the call itself because its media stopped (a BYE to each party).</summary>
    public void EndedByMediaTimeout(string callId)
    {
        Interlocked.Increment(ref _mediaTimeouts);
        Ended(callId, 0, "media timeout");
    }

    /// <summary>Up to <paramref name="max"/> tracked calls, in no particular order.</summary>
    public IReadOnlyList<CallRecord> List(int max)
    {
        var list = new List<CallRecord>(Math.Min(Math.Max(max, 0), 256));
        foreach (var pair in _calls)
        {
            if (list.Count >= max) break;
            list.Add(pair.Value);
        }

        return list;
    }

    /// <summary>Counts since start.</summary>
    public CallStatistics GetStatistics() => new(
        _calls.Count,
        Interlocked.Read(ref _started),
        Interlocked.Read(ref _answered),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _untracked),
        Interlocked.Read(ref _mediaTimeouts));

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "Call {CallId} {From} -> {To} ended by {Reason} after {Duration:0.0} s of conversation")]
        public static partial void CallEnded(ILogger logger, string callId, string from, string to, string reason, double duration);

        [LoggerMessage(41, LogLevel.Information, "Call {CallId} {From} -> {To} not answered: {Status} {Reason} after {Duration:0.0} s")]
        public static partial void CallFailed(ILogger logger, string callId, string from, string to, int status, string reason, double duration);
    }
}

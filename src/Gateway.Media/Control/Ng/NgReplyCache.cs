using System.Net;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// Remembers recent replies by (source, cookie), so a retransmitted request — ng clients resend the same datagram
/// when a reply is slow — gets the first reply again instead of running the command twice. Bounded in count; entries
/// expire on the injected clock. A request still being executed is marked pending: its duplicates are dropped, and
/// the client's next retransmission after completion gets the cached reply.
/// </summary>
internal sealed class NgReplyCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(EndPoint Source, string Cookie), Entry> _entries = [];
    private readonly Queue<((EndPoint Source, string Cookie) Key, long Stamp)> _order = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;

    public NgReplyCache(TimeProvider time, int capacity, TimeSpan lifetime)
    {
        _time = time;
        _capacity = Math.Max(1, capacity);
        _lifetime = lifetime;
    }

    /// <summary>What <see cref="TryBegin"/> found.</summary>
    public enum Lookup
    {
        /// <summary>A new request: the caller executes it and calls <see cref="Complete"/>.</summary>
        New,

        /// <summary>A duplicate of a request still executing: drop it.</summary>
        Pending,

        /// <summary>A duplicate of a completed request: resend the cached reply.</summary>
        Cached,
    }

    /// <summary>Number of entries held.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>Looks the request up and, when new, marks it pending.</summary>
    public Lookup TryBegin(EndPoint source, string cookie, out byte[]? reply)
    {
        reply = null;
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            Expire(now);
            var key = (source, cookie);
            if (_entries.TryGetValue(key, out var entry))
            {
                reply = entry.Reply;
                return reply is null ? Lookup.Pending : Lookup.Cached;
            }

            while (_entries.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                if (_entries.TryGetValue(oldest.Key, out var old) && old.Stamp == oldest.Stamp) _entries.Remove(oldest.Key);
            }

            _entries[key] = new Entry(now, null);
            _order.Enqueue((key, now));
            return Lookup.New;
        }
    }

    /// <summary>Stores the reply of a request begun with <see cref="TryBegin"/>.</summary>
    public void Complete(EndPoint source, string cookie, byte[] reply)
    {
        lock (_lock)
        {
            var key = (source, cookie);
            if (_entries.TryGetValue(key, out var entry)) _entries[key] = entry with { Reply = reply };
        }
    }

    /// <summary>Forgets a request that produced no reply (so a retransmission runs it again).</summary>
    public void Abandon(EndPoint source, string cookie)
    {
        lock (_lock) _entries.Remove((source, cookie));
    }

    private void Expire(long now)
    {
        while (_order.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Stamp, now) >= _lifetime)
        {
            _order.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.Stamp == oldest.Stamp) _entries.Remove(oldest.Key);
        }
    }

    private readonly record struct Entry(long Stamp, byte[]? Reply);
}

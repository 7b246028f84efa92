using Microsoft.Extensions.Logging;

namespace Gateway.Core.Transactions;

/// <summary>
/// Every timer of one transaction layer behind a single <see cref="ITimer"/>: a priority queue of due times (ties
/// fire in the order they were started), with the timer armed for the earliest. Starting a timer costs one heap
/// insertion instead of a runtime timer of its own; a stopped or restarted timer is not removed, its stale entry
/// is skipped when it comes due (<see cref="TransactionTimer"/> generations).
/// </summary>
/// <remarks>
/// Due times are <see cref="TimeProvider.GetTimestamp"/> values, so a <c>FakeTimeProvider</c> drives it exactly as it
/// drove one timer per start: callbacks run when fake time reaches their due time, in due-time order. Callbacks run
/// on the timer's thread outside the queue's lock; nothing they throw escapes.
/// </remarks>
internal sealed class TransactionTimerQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Entry, (long Due, long Sequence)> _queue = new();
    private readonly ITimer _timer;
    private readonly double _ticksPerTimestamp;
    private long _sequence;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public TransactionTimerQueue(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / time.TimestampFrequency;
        _timer = time.CreateTimer(static state => ((TransactionTimerQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Entries in the queue, stale ones included.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _queue.Count;
        }
    }

    /// <summary>Calls <paramref name="target"/>'s <see cref="ITransactionTimerTarget.OnTimer"/> with <paramref name="timer"/> and <paramref name="generation"/> after <paramref name="due"/>.</summary>
    public void Schedule(ITransactionTimerTarget target, int timer, int generation, TimeSpan due)
    {
        var now = _time.GetTimestamp();
        var at = now + ToTimestamp(due);
        lock (_gate)
        {
            if (_disposed) return;
            _queue.Enqueue(new Entry(target, timer, generation), (at, _sequence++));
            if (at < _armedFor) Arm(at, now);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        // Take everything due now; run it outside the lock (callbacks start new timers).
        Entry[]? batch = null;
        var count = 0;
        lock (_gate)
        {
            if (_disposed) return;
            var now = _time.GetTimestamp();
            _armedFor = long.MaxValue;
            while (_queue.TryPeek(out _, out var priority) && priority.Due <= now)
            {
                var entry = _queue.Dequeue();
                batch ??= new Entry[Math.Min(_queue.Count + 1, 256)];
                if (count == batch.Length) Array.Resize(ref batch, count * 2);
                batch[count++] = entry;
            }

            if (_queue.TryPeek(out _, out var next)) Arm(next.Due, now);
        }

        for (var i = 0; i < count; i++)
        {
            var entry = batch![i];
            try
            {
                entry.Target.OnTimer(entry.Timer, entry.Generation);
            }
            catch (Exception e)
            {
                // A timer callback runs on the timer's thread: nothing may escape it.
                SipTransactionLog.TimerFailed(_logger, e);
            }
        }
    }

    private void Arm(long at, long now)
    {
        _armedFor = at;
        // Whole milliseconds, rounded up: runtime timers truncate to milliseconds and would fire early.
        var delay = at <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling((at - now) * _ticksPerTimestamp / TimeSpan.TicksPerMillisecond));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private long ToTimestamp(TimeSpan span) => (long)Math.Ceiling(span.Ticks / _ticksPerTimestamp);

    private readonly record struct Entry(ITransactionTimerTarget Target, int Timer, int Generation);
}

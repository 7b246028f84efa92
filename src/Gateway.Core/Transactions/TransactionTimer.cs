using Microsoft.Extensions.Logging;

namespace Gateway.Core.Transactions;

/// <summary>
/// One restartable timer of a transaction, on <see cref="TimeProvider"/>. Each start creates a fresh
/// <see cref="ITimer"/> stamped with a generation number; the owner checks <see cref="IsCurrent"/> under its lock
/// when the callback runs, so a callback already in flight when the timer was stopped or restarted does nothing.
/// </summary>
/// <remarks>Start and Stop are called under the owning transaction's lock.</remarks>
internal sealed class TransactionTimer
{
    private static readonly TimerCallback Fired = static state =>
    {
        var ticket = (Ticket)state!;
        try
        {
            ticket.Owner._onFired(ticket.Generation);
        }
        catch (Exception e)
        {
            // A timer callback runs on the timer's thread: nothing may escape it.
            SipTransactionLog.TimerFailed(ticket.Owner._logger, e);
        }
    };

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<int> _onFired;
    private ITimer? _timer;
    private int _generation;

    public TransactionTimer(TimeProvider time, ILogger logger, Action<int> onFired)
    {
        _time = time;
        _logger = logger;
        _onFired = onFired;
    }

    /// <summary>True while a start is pending (not yet fired, stopped or restarted).</summary>
    public bool IsRunning => _timer is not null;

    /// <summary>(Re)starts the timer to fire once after <paramref name="due"/>.</summary>
    public void Start(TimeSpan due)
    {
        Stop();
        _timer = _time.CreateTimer(Fired, new Ticket(this, _generation), due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the timer; a callback already running sees a stale generation.</summary>
    public void Stop()
    {
        _generation++;
        var timer = _timer;
        _timer = null;
        timer?.Dispose();
    }

    /// <summary>
    /// True when <paramref name="generation"/> is the pending start; the timer then counts as fired (no longer running).
    /// </summary>
    public bool IsCurrent(int generation)
    {
        if (generation != _generation || _timer is null) return false;
        Stop();
        return true;
    }

    private sealed class Ticket(TransactionTimer owner, int generation)
    {
        public TransactionTimer Owner { get; } = owner;

        public int Generation { get; } = generation;
    }
}

namespace Gateway.Core.Transactions;

/// <summary>
/// One restartable timer of a transaction, kept in the layer's <see cref="TransactionTimerQueue"/>. Each start is
/// stamped with a generation number; the owner checks <see cref="IsCurrent"/> under its lock when the callback runs,
/// so an entry of a timer that was stopped or restarted since does nothing.
/// </summary>
/// <remarks>
/// A mutable struct held in a field of its transaction (never copied); Start and Stop are called under the owning
/// transaction's lock.
/// </remarks>
internal struct TransactionTimer
{
    private int _generation;
    private bool _running;

    /// <summary>True while a start is pending (not yet fired, stopped or restarted).</summary>
    public readonly bool IsRunning => _running;

    /// <summary>(Re)starts timer number <paramref name="timer"/> of <paramref name="owner"/> to fire once after <paramref name="due"/>.</summary>
    public void Start(TransactionTimerQueue queue, ITransactionTimerTarget owner, int timer, TimeSpan due)
    {
        _generation++;
        _running = true;
        queue.Schedule(owner, timer, _generation, due);
    }

    /// <summary>Stops the timer; its queued entry becomes stale.</summary>
    public void Stop()
    {
        _generation++;
        _running = false;
    }

    /// <summary>
    /// True when <paramref name="generation"/> is the pending start; the timer then counts as fired (no longer running).
    /// </summary>
    public bool IsCurrent(int generation)
    {
        if (generation != _generation || !_running) return false;
        Stop();
        return true;
    }
}

namespace Gateway.Core.Transactions;

/// <summary>What a <see cref="TransactionTimerQueue"/> calls back: a transaction with numbered timers.</summary>
internal interface ITransactionTimerTarget
{
    /// <summary>Timer number <paramref name="timer"/>, started as <paramref name="generation"/>, is due.</summary>
    void OnTimer(int timer, int generation);
}

namespace Gateway.Core.Dialogs;

/// <summary>Settings of dialog tracking (<c>AddDialogs(o => …)</c>), after OpenSIPS's dialog module.</summary>
public sealed class SipDialogOptions
{
    /// <summary>
    /// How long a confirmed dialog is kept without a BYE (OpenSIPS <c>default_timeout</c>, 43200 s): a guard against
    /// dialogs whose BYE never passed through the proxy; expired dialogs are forgotten, not ended.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The most dialogs tracked at once; beyond it new calls are relayed but not tracked.</summary>
    public int MaxDialogs { get; set; } = 100_000;

    /// <summary>How long <see cref="SipDialogTracker.EndAsync"/> waits for each party's answer to its BYE (Timer F bounds it too).</summary>
    public TimeSpan ByeTimeout { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Lifetime < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(Lifetime), Lifetime, "Lifetime must be at least 1 s.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDialogs, 1, nameof(MaxDialogs));
        if (ByeTimeout < TimeSpan.FromMilliseconds(100)) throw new ArgumentOutOfRangeException(nameof(ByeTimeout), ByeTimeout, "ByeTimeout must be at least 100 ms.");
    }
}

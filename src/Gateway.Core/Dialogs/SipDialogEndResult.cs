namespace Gateway.Core.Dialogs;

/// <summary>What ending a dialog did (<see cref="SipDialogTracker.EndAsync"/>).</summary>
/// <param name="Found">Whether a dialog with the Call-ID was tracked (false: nothing was sent).</param>
/// <param name="CallerStatus">The caller's final answer to its BYE; 408 when none came in time, 503 when it could not be sent; 0 when not found.</param>
/// <param name="CalleeStatus">The callee's final answer to its BYE, likewise.</param>
public readonly record struct SipDialogEndResult(bool Found, int CallerStatus, int CalleeStatus)
{
    /// <summary>Whether both parties answered their BYE with a 2xx.</summary>
    public bool BothAnswered => CallerStatus is >= 200 and < 300 && CalleeStatus is >= 200 and < 300;
}

namespace Gateway.Core.Dialogs;

/// <summary>A confirmed INVITE dialog relayed (and record-routed) by the proxy.</summary>
internal sealed class SipDialog(string callId, string callerTag, string calleeTag, SipDialogParty caller, SipDialogParty callee, DateTimeOffset confirmedAt, DateTimeOffset expiresAt, string callerUri, string calleeUri)
{
    public string CallId { get; } = callId;

    public string CallerTag { get; } = callerTag;

    public string CalleeTag { get; } = calleeTag;

    public SipDialogParty Caller { get; } = caller;

    public SipDialogParty Callee { get; } = callee;

    public DateTimeOffset ConfirmedAt { get; } = confirmedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The party that sent a request with <paramref name="fromTag"/>, or null when it is neither.</summary>
    public SipDialogParty? Sender(string? fromTag) =>
        fromTag is null ? null
        : string.Equals(fromTag, CallerTag, StringComparison.Ordinal) ? Caller
        : string.Equals(fromTag, CalleeTag, StringComparison.Ordinal) ? Callee
        : null;

    /// <summary>The other party.</summary>
    public SipDialogParty Other(SipDialogParty party) => ReferenceEquals(party, Caller) ? Callee : Caller;

    /// <summary>Whether the tags are this dialog's, in either direction.</summary>
    public bool Matches(string? fromTag, string? toTag) => Sender(fromTag) is { } sender && Sender(toTag) is { } recipient && !ReferenceEquals(sender, recipient);

    public SipDialogInfo ToInfo() => new(CallId, CallerTag, CalleeTag, callerUri, calleeUri, Caller.Flow.Kind, Callee.Flow.Kind, ConfirmedAt);
}

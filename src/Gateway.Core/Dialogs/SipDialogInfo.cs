using Gateway.Core.Transport;

namespace Gateway.Core.Dialogs;

/// <summary>A confirmed dialog the proxy tracks (for listings and diagnostics).</summary>
/// <param name="CallId">The Call-ID.</param>
/// <param name="CallerTag">The caller's tag (From tag of the initial INVITE).</param>
/// <param name="CalleeTag">The callee's tag (To tag of the 2xx).</param>
/// <param name="Caller">The caller's address of record (From URI).</param>
/// <param name="Callee">The callee's address of record (To URI).</param>
/// <param name="CallerTransport">The transport the caller is reached on.</param>
/// <param name="CalleeTransport">The transport the callee is reached on.</param>
/// <param name="ConfirmedAt">When the 2xx passed.</param>
public sealed record SipDialogInfo(
    string CallId,
    string CallerTag,
    string CalleeTag,
    string Caller,
    string Callee,
    SipTransportKind CallerTransport,
    SipTransportKind CalleeTransport,
    DateTimeOffset ConfirmedAt);

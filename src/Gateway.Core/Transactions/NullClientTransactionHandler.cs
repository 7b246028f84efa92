using Gateway.Core.Messages;

namespace Gateway.Core.Transactions;

/// <summary>
/// The handler of the CANCEL transactions the layer sends itself: the answer to a CANCEL tells the proxy nothing
/// (the INVITE's own final response does), so every event is dropped.
/// </summary>
internal sealed class NullClientTransactionHandler : ISipClientTransactionHandler
{
    public static NullClientTransactionHandler Instance { get; } = new();

    public Task OnResponseAsync(SipClientTransaction transaction, SipResponse response) => Task.CompletedTask;

    public Task OnTimeoutAsync(SipClientTransaction transaction) => Task.CompletedTask;

    public Task OnTransportErrorAsync(SipClientTransaction transaction) => Task.CompletedTask;
}

using Gateway.Core.Messages;
using Gateway.Core.Transactions;

namespace Gateway.Core.Dialogs;

/// <summary>The client transaction handler of a BYE the proxy sends itself: completes with the final status.</summary>
internal sealed class ByeOutcome : ISipClientTransactionHandler
{
    private readonly TaskCompletionSource<int> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The final status: the answer's, 408 on timeout, 503 on a transport error.</summary>
    public Task<int> Status => _status.Task;

    /// <inheritdoc />
    public Task OnResponseAsync(SipClientTransaction transaction, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode >= 200) _status.TrySetResult(response.StatusCode);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnTimeoutAsync(SipClientTransaction transaction)
    {
        _status.TrySetResult(408);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnTransportErrorAsync(SipClientTransaction transaction)
    {
        _status.TrySetResult(503);
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using Gateway.Core.Messages;
using Gateway.Core.Transactions;

namespace Gateway.Core.Tests.Transactions;

/// <summary>A client transaction handler that records every event (with its fake time) and can be told to throw.</summary>
internal sealed class RecordingClientHandler : ISipClientTransactionHandler
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _origin;

    public RecordingClientHandler(TimeProvider time)
    {
        _time = time;
        _origin = time.GetUtcNow();
    }

    public ConcurrentQueue<SipResponse> Responses { get; } = new();

    public ConcurrentQueue<TimeSpan> Timeouts { get; } = new();

    public ConcurrentQueue<TimeSpan> TransportErrors { get; } = new();

    public bool Throw { get; set; }

    public Task OnResponseAsync(SipClientTransaction transaction, SipResponse response)
    {
        Responses.Enqueue(response);
        return Outcome();
    }

    public Task OnTimeoutAsync(SipClientTransaction transaction)
    {
        Timeouts.Enqueue(_time.GetUtcNow() - _origin);
        return Outcome();
    }

    public Task OnTransportErrorAsync(SipClientTransaction transaction)
    {
        TransportErrors.Enqueue(_time.GetUtcNow() - _origin);
        return Outcome();
    }

    private Task Outcome() => Throw ? throw new InvalidOperationException("the handler failed") : Task.CompletedTask;
}

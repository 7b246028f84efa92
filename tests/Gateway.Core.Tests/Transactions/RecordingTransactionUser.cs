using System.Collections.Concurrent;
using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Transactions;

/// <summary>A transaction user that records every call; it can be told to throw or to answer requests itself.</summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser
{
    public ConcurrentQueue<SipServerTransaction> Requests { get; } = new();

    public ConcurrentQueue<(SipServerTransaction Invite, SipRequest Cancel)> Cancels { get; } = new();

    public ConcurrentQueue<SipRequest> Acks { get; } = new();

    public ConcurrentQueue<SipResponse> StrayResponses { get; } = new();

    /// <summary>Throw synchronously from every callback.</summary>
    public bool ThrowSync { get; set; }

    /// <summary>Return a faulted task from every callback.</summary>
    public bool ThrowAsync { get; set; }

    /// <summary>Optional work done on each new request (e.g. answer it).</summary>
    public Func<SipServerTransaction, Task>? OnRequest { get; set; }

    public Task OnRequestAsync(SipServerTransaction transaction)
    {
        Requests.Enqueue(transaction);
        return Outcome(OnRequest?.Invoke(transaction));
    }

    public Task OnCancelAsync(SipServerTransaction inviteTransaction, SipRequest cancel)
    {
        Cancels.Enqueue((inviteTransaction, cancel));
        return Outcome(null);
    }

    public Task OnAckAsync(SipFlow flow, SipRequest ack)
    {
        Acks.Enqueue(ack);
        return Outcome(null);
    }

    public Task OnStrayResponseAsync(SipFlow flow, SipResponse response)
    {
        StrayResponses.Enqueue(response);
        return Outcome(null);
    }

    private Task Outcome(Task? work)
    {
        if (ThrowSync) throw new InvalidOperationException("the transaction user failed");
        if (ThrowAsync) return Task.FromException(new InvalidOperationException("the transaction user failed later"));
        return work ?? Task.CompletedTask;
    }
}

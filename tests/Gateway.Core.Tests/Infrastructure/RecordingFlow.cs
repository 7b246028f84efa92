using System.Net;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Infrastructure;

/// <summary>An in-memory flow that records what is sent on it.</summary>
internal sealed class RecordingFlow : SipFlow
{
    private readonly CancellationTokenSource _closed = new();

    public RecordingFlow(SipTransportKind kind = SipTransportKind.Udp, string remote = "198.51.100.7:40000", string local = "192.0.2.10:5060")
        : base("test-" + Guid.NewGuid().ToString("N"), kind, IPEndPoint.Parse(local), IPEndPoint.Parse(remote))
    {
    }

    public List<SipMessage> Sent { get; } = [];

    /// <summary>A copy of the messages sent so far.</summary>
    public List<SipMessage> Snapshot()
    {
        lock (Sent) return [.. Sent];
    }

    public override CancellationToken Closed => _closed.Token;

    public override ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        if (IsClosed) return ValueTask.FromResult(false);

        // Snapshot the bytes, as a socket would: later edits of the object must not change what was "sent".
        var snapshot = Gateway.Core.Parsing.SipMessageParser.Parse(message.ToArray()).Message ?? message;
        lock (Sent) Sent.Add(snapshot);
        return ValueTask.FromResult(true);
    }

    public override void Abort() => _closed.Cancel();
}

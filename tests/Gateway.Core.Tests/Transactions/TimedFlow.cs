using System.Net;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Transactions;

/// <summary>An in-memory flow of any transport kind that records what is sent on it and when (fake time).</summary>
internal sealed class TimedFlow : SipFlow
{
    private readonly CancellationTokenSource _closed = new();
    private readonly FakeTimeProvider _time;
    private readonly DateTimeOffset _origin;
    private readonly List<(TimeSpan At, SipMessage Message)> _sent = [];

    public TimedFlow(FakeTimeProvider time, SipTransportKind kind = SipTransportKind.Udp, string remote = "198.51.100.7:40000")
        : base("timed-" + Guid.NewGuid().ToString("N"), kind, IPEndPoint.Parse("192.0.2.10:5060"), IPEndPoint.Parse(remote))
    {
        _time = time;
        _origin = time.GetUtcNow();
    }

    /// <summary>What a send does: succeed, return false, or throw.</summary>
    public FlowSendMode Mode { get; set; }

    public override CancellationToken Closed => _closed.Token;

    /// <summary>Everything sent so far, with the fake time elapsed since the flow was made.</summary>
    public IReadOnlyList<(TimeSpan At, SipMessage Message)> Sent
    {
        get
        {
            lock (_sent) return [.. _sent];
        }
    }

    public IReadOnlyList<SipResponse> Responses => [.. Sent.Select(s => s.Message).OfType<SipResponse>()];

    public IReadOnlyList<SipRequest> Requests => [.. Sent.Select(s => s.Message).OfType<SipRequest>()];

    /// <summary>Times (in seconds since the flow was made) at which a request with <paramref name="method"/> was sent.</summary>
    public double[] RequestTimes(string method) =>
        [.. Sent.Where(s => s.Message is SipRequest r && r.Method.Equals(method)).Select(s => s.At.TotalSeconds)];

    /// <summary>Times (in seconds since the flow was made) at which a response with <paramref name="statusCode"/> was sent.</summary>
    public double[] ResponseTimes(int statusCode) =>
        [.. Sent.Where(s => s.Message is SipResponse r && r.StatusCode == statusCode).Select(s => s.At.TotalSeconds)];

    public void Clear()
    {
        lock (_sent) _sent.Clear();
    }

    public override ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        switch (Mode)
        {
            case FlowSendMode.Fail:
                return ValueTask.FromResult(false);
            case FlowSendMode.Throw:
                throw new IOException("the network is down");
        }

        if (IsClosed) return ValueTask.FromResult(false);
        lock (_sent) _sent.Add((_time.GetUtcNow() - _origin, message));
        return ValueTask.FromResult(true);
    }

    public override void Abort() => _closed.Cancel();
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Infrastructure;

/// <summary>An in-memory transport: listeners on 192.0.2.10 (UDP 5060, WS 8080), flows that record what they send.</summary>
internal sealed class FakeTransport : ISipTransport
{
    private readonly ConcurrentDictionary<(SipTransportKind, IPEndPoint), RecordingFlow> _flows = new();
    private readonly ConcurrentDictionary<string, RecordingFlow> _byId = new();

    public IReadOnlyList<SipListenerInfo> Listeners { get; } =
    [
        new(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.10:5060"), "192.0.2.10", 5060),
        new(SipTransportKind.Ws, IPEndPoint.Parse("192.0.2.10:8080"), "192.0.2.10", 8080),
    ];

    public event Action<SipFlow>? FlowClosed;

    /// <summary>Returns the flow to <paramref name="remote"/> over <paramref name="kind"/>, creating it (as an inbound connection would).</summary>
    public RecordingFlow Flow(SipTransportKind kind, string remote)
    {
        var endPoint = IPEndPoint.Parse(remote);
        return _flows.GetOrAdd((kind, endPoint), key =>
        {
            var flow = new RecordingFlow(kind, remote, kind == SipTransportKind.Ws ? "192.0.2.10:8080" : "192.0.2.10:5060");
            _byId[flow.Id] = flow;
            return flow;
        });
    }

    public void Close(RecordingFlow flow)
    {
        flow.Abort();
        FlowClosed?.Invoke(flow);
    }

    public ValueTask<SipFlow?> GetFlowAsync(SipTransportKind kind, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        if (kind == SipTransportKind.Ws && !_flows.ContainsKey((kind, remote))) return ValueTask.FromResult<SipFlow?>(null);
        return ValueTask.FromResult<SipFlow?>(Flow(kind, remote.ToString()));
    }

    public bool TryGetFlow(string flowId, [NotNullWhen(true)] out SipFlow? flow)
    {
        var found = _byId.TryGetValue(flowId, out var recording) && !recording.IsClosed;
        flow = found ? recording : null;
        return found;
    }

    public string CreateFlowToken(SipFlow flow) => "tok" + flow.Id[5..17];

    public bool TryResolveFlowToken(ReadOnlySpan<char> token, [NotNullWhen(true)] out SipFlow? flow)
    {
        foreach (var candidate in _byId.Values)
        {
            if (token.SequenceEqual(CreateFlowToken(candidate)) && !candidate.IsClosed)
            {
                flow = candidate;
                return true;
            }
        }

        flow = null;
        return false;
    }
}

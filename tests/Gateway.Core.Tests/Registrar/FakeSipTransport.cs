using System.Diagnostics.CodeAnalysis;
using System.Net;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Registrar;

/// <summary>An <see cref="ISipTransport"/> that hands out recording flows and lets a test close them.</summary>
internal sealed class FakeSipTransport : ISipTransport
{
    private readonly Dictionary<string, RecordingFlow> _flows = new(StringComparer.Ordinal);

    public List<SipListenerInfo> ListenerList { get; } =
    [
        new SipListenerInfo(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.10:5060"), "gw.example.com", 5060),
    ];

    public IReadOnlyList<SipListenerInfo> Listeners => ListenerList;

    /// <summary>Flows handed out by <see cref="GetFlowAsync"/>, by remote address.</summary>
    public Dictionary<IPEndPoint, RecordingFlow> Outbound { get; } = [];

    /// <summary>When true, <see cref="GetFlowAsync"/> finds no flow.</summary>
    public bool NoFlows { get; set; }

    public event Action<SipFlow>? FlowClosed;

    public void Close(SipFlow flow)
    {
        flow.Abort();
        FlowClosed?.Invoke(flow);
    }

    public int FlowClosedSubscribers => FlowClosed?.GetInvocationList().Length ?? 0;

    public void Register(RecordingFlow flow) => _flows[flow.Id] = flow;

    public ValueTask<SipFlow?> GetFlowAsync(SipTransportKind kind, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        if (NoFlows) return ValueTask.FromResult<SipFlow?>(null);
        if (!Outbound.TryGetValue(remote, out var flow))
        {
            flow = new RecordingFlow(kind, remote.ToString());
            Outbound[remote] = flow;
            _flows[flow.Id] = flow;
        }

        return ValueTask.FromResult<SipFlow?>(flow);
    }

    public bool TryGetFlow(string flowId, [NotNullWhen(true)] out SipFlow? flow)
    {
        var found = _flows.TryGetValue(flowId, out var recording) && !recording.IsClosed;
        flow = found ? recording : null;
        return found;
    }

    public string CreateFlowToken(SipFlow flow) => flow.Id;

    public bool TryResolveFlowToken(ReadOnlySpan<char> token, [NotNullWhen(true)] out SipFlow? flow) => TryGetFlow(token.ToString(), out flow);
}

using System.Net;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace LoadHost;

/// <summary>A flow that serialises what is sent into a reused buffer and drops it: the receive path without sockets.</summary>
internal sealed class NullFlow : SipFlow
{
    private readonly byte[] _buffer = new byte[65_536];

    public NullFlow()
        : base("null", SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5060"), IPEndPoint.Parse("127.0.0.1:40000"))
    {
    }

    public override CancellationToken Closed => CancellationToken.None;

    public override ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(message.TryWriteTo(_buffer, out _));

    public override void Abort()
    {
    }
}

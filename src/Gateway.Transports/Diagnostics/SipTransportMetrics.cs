using System.Diagnostics.Metrics;
using Gateway.Core.Transport;

namespace Gateway.Transports.Diagnostics;

/// <summary>
/// What the transports count: accepted and refused connections, handshake failures, framing errors, timeouts,
/// messages in and out. Every count is also published on the <see cref="MeterName"/> meter (instruments
/// <c>gateway.transports.*</c>, tagged with <c>transport</c> and, for rejections, <c>reason</c>).
/// </summary>
public sealed class SipTransportMetrics : IDisposable
{
    /// <summary>The name of the <see cref="Meter"/> the counts are published on.</summary>
    public const string MeterName = "Gateway.Transports";

    private readonly Meter _meter;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesSent;
    private long _connectionsAccepted;
    private long _connectionsOpened;
    private long _connectionsClosed;
    private long _connectionsRefused;
    private long _handshakeFailures;
    private long _framingErrors;
    private long _timeouts;
    private long _received;
    private long _sent;
    private long _sendFailures;
    private long _keepAlives;
    private long _datagramsDropped;

    /// <summary>Creates the counters and their meter.</summary>
    public SipTransportMetrics()
    {
        _meter = new Meter(MeterName);
        _connections = _meter.CreateCounter<long>("gateway.transports.connections", "{connection}", "Stream connections accepted or opened.");
        _rejections = _meter.CreateCounter<long>("gateway.transports.rejections", "{event}", "Connections, handshakes, frames and datagrams refused or timed out.");
        _messagesReceived = _meter.CreateCounter<long>("gateway.transports.messages.received", "{message}", "SIP messages handed to the receiver.");
        _messagesSent = _meter.CreateCounter<long>("gateway.transports.messages.sent", "{message}", "SIP messages sent.");
    }

    /// <summary>Inbound stream connections accepted.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Outbound stream connections opened.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    /// <summary>Stream connections closed, for any reason.</summary>
    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    /// <summary>Inbound connections refused because a connection limit was reached.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>TLS handshakes that failed and WebSocket upgrades refused.</summary>
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);

    /// <summary>Streams that could not be framed (garbage, oversized message or header section, bad Content-Length) and oversized WebSocket messages.</summary>
    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    /// <summary>Connections closed by a timeout (idle, message completion, handshake).</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Messages handed to the receiver (before parsing).</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);

    /// <summary>Messages sent successfully.</summary>
    public long MessagesSent => Interlocked.Read(ref _sent);

    /// <summary>Sends that failed (closed flow, network error).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>CRLFCRLF keep-alive pings answered (RFC 5626 §3.5.1).</summary>
    public long KeepAlivesAnswered => Interlocked.Read(ref _keepAlives);

    /// <summary>UDP datagrams dropped unread (too large, empty, keep-alive only).</summary>
    public long DatagramsDropped => Interlocked.Read(ref _datagramsDropped);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    internal void ConnectionAccepted(SipTransportKind kind)
    {
        Interlocked.Increment(ref _connectionsAccepted);
        if (_connections.Enabled) _connections.Add(1, Tag(kind), new("direction", "inbound"));
    }

    internal void ConnectionOpened(SipTransportKind kind)
    {
        Interlocked.Increment(ref _connectionsOpened);
        if (_connections.Enabled) _connections.Add(1, Tag(kind), new("direction", "outbound"));
    }

    internal void ConnectionClosed() => Interlocked.Increment(ref _connectionsClosed);

    internal void ConnectionRefused(SipTransportKind kind, string reason)
    {
        Interlocked.Increment(ref _connectionsRefused);
        Reject(kind, reason);
    }

    internal void HandshakeFailed(SipTransportKind kind, string reason)
    {
        Interlocked.Increment(ref _handshakeFailures);
        Reject(kind, reason);
    }

    internal void FramingError(SipTransportKind kind, string reason)
    {
        Interlocked.Increment(ref _framingErrors);
        Reject(kind, reason);
    }

    internal void TimedOut(SipTransportKind kind, string reason)
    {
        Interlocked.Increment(ref _timeouts);
        Reject(kind, reason);
    }

    internal void DatagramDropped(string reason)
    {
        Interlocked.Increment(ref _datagramsDropped);
        Reject(SipTransportKind.Udp, reason);
    }

    internal void MessageReceived(SipTransportKind kind)
    {
        Interlocked.Increment(ref _received);
        if (_messagesReceived.Enabled) _messagesReceived.Add(1, Tag(kind));
    }

    internal void MessageSent(SipTransportKind kind)
    {
        Interlocked.Increment(ref _sent);
        if (_messagesSent.Enabled) _messagesSent.Add(1, Tag(kind));
    }

    internal void SendFailed(SipTransportKind kind)
    {
        Interlocked.Increment(ref _sendFailures);
        Reject(kind, "send-failed");
    }

    internal void KeepAliveAnswered() => Interlocked.Increment(ref _keepAlives);

    private void Reject(SipTransportKind kind, string reason)
    {
        if (_rejections.Enabled) _rejections.Add(1, Tag(kind), new("reason", reason));
    }

    private static KeyValuePair<string, object?> Tag(SipTransportKind kind) => new("transport", kind.ToUriParameter());
}

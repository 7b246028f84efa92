using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Transports.Diagnostics;

namespace Gateway.Transports.Connections;

/// <summary>
/// A stream flow: one TCP connection, possibly under TLS and/or WebSocket. It runs a handshake (none for TCP), then
/// a receive loop; the transport layer's heartbeat checks its deadlines (handshake, message completion, idle), so
/// no timer exists per connection. Closing is idempotent: the socket is disposed, which ends any pending read.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Close() releases the socket; the token source stays alive so Closed can be read after the flow closed.")]
internal abstract class ConnectionFlow : SipFlow
{
    private static long s_nextId;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastActivity;
    private long _messageStart;
    private int _closing;
    private volatile bool _established;

    protected ConnectionFlow(SipTransportKind kind, Socket socket, IPEndPoint local, IPEndPoint remote, bool inbound, SipTransportContext context)
        : base(NewId(kind), kind, ConnectionTable.Normalize(local), ConnectionTable.Normalize(remote))
    {
        Socket = socket;
        IsInbound = inbound;
        Context = context;
        CreatedAt = context.Now();
        _lastActivity = CreatedAt;
    }

    /// <inheritdoc />
    public override CancellationToken Closed => _closed.Token;

    public bool IsInbound { get; }

    /// <summary>True once the handshake is done and the flow carries SIP.</summary>
    public bool IsEstablished => _established;

    /// <summary>The address reserved in the connection table for an inbound connection.</summary>
    public IPAddress? ReservedAddress => IsInbound ? RemoteEndPoint.Address : null;

    protected Socket Socket { get; }

    protected SipTransportContext Context { get; }

    protected long CreatedAt { get; }

    /// <summary>Whether the idle timeout applies (WebSocket flows are kept alive by ping/pong instead).</summary>
    protected virtual bool UsesIdleTimeout => true;

    /// <summary>Runs the handshake (TLS, WebSocket upgrade); throws or returns false when it fails.</summary>
    public abstract Task<bool> HandshakeAsync(CancellationToken cancellationToken);

    /// <summary>Reads and dispatches messages until the peer closes or the flow is aborted. Never throws.</summary>
    public abstract Task ReceiveLoopAsync();

    public void MarkEstablished()
    {
        _established = true;
        Touch();
    }

    /// <inheritdoc />
    public override void Abort() => Close();

    /// <summary>Closes the connection once; returns false when it was already closing.</summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return false;
        try
        {
            CloseTransport();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The peer is gone already.
        }

        Socket.Dispose();
        _closed.Cancel();
        return true;
    }

    /// <summary>Heartbeat: closes the flow when a deadline has passed; returns the timeout's name, or null.</summary>
    public string? CheckTimeouts(long now)
    {
        if (IsClosed) return null;
        string? reason = null;
        var limits = Context.Limits;
        if (!_established)
        {
            if (now - CreatedAt > Context.ToTimestamp(limits.HandshakeTimeout)) reason = "handshake";
        }
        else
        {
            var started = Volatile.Read(ref _messageStart);
            if (started != 0 && now - started > Context.ToTimestamp(limits.MessageCompletionTimeout)) reason = "message-completion";
            else if (UsesIdleTimeout && now - Volatile.Read(ref _lastActivity) > Context.ToTimestamp(limits.IdleTimeout)) reason = "idle";
        }

        if (reason is not null && Close())
        {
            Context.Metrics.TimedOut(Kind, reason);
            TransportLog.TimedOut(Context.Logger, this, reason);
            return reason;
        }

        return null;
    }

    /// <inheritdoc />
    public override async ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsClosed || !_established)
        {
            Context.Metrics.SendFailed(Kind);
            return false;
        }

        var length = message.GetSerializedLength();
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.TryWriteTo(buffer, out var written);
            if (await SendBytesAsync(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false))
            {
                Context.Metrics.MessageSent(Kind);
                return true;
            }

            Context.Metrics.SendFailed(Kind);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends raw bytes (a message or a keep-alive) under the send lock; false when the flow failed.</summary>
    protected async ValueTask<bool> SendBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (IsClosed) return false;
            await WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            TransportLog.SendFailed(Context.Logger, this, e);
            Close();
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Writes one message's bytes (one WebSocket message for WS).</summary>
    protected abstract ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Ends the stream layers above the socket (best effort, synchronous).</summary>
    protected virtual void CloseTransport()
    {
    }

    /// <summary>Bytes arrived: the idle clock restarts.</summary>
    protected void Touch() => Volatile.Write(ref _lastActivity, Context.Now());

    /// <summary>A message is partly received: the completion clock runs from its first byte.</summary>
    protected void MessageInProgress()
    {
        if (Volatile.Read(ref _messageStart) == 0) Volatile.Write(ref _messageStart, Math.Max(Context.Now(), 1));
    }

    /// <summary>No partial message is buffered.</summary>
    protected void NoMessageInProgress() => Volatile.Write(ref _messageStart, 0);

    /// <summary>Hands one complete message to the receiver (the array belongs to it from now on).</summary>
    protected ValueTask DeliverAsync(byte[] message, bool framed)
    {
        Context.Metrics.MessageReceived(Kind);
        return Context.Receiver.ReceiveAsync(this, message, framed, CancellationToken.None);
    }

    private static string NewId(SipTransportKind kind)
    {
        var n = Interlocked.Increment(ref s_nextId);
        return string.Create(CultureInfo.InvariantCulture, $"{kind.ToUriParameter()}-{n}");
    }
}

using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text.Unicode;
using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Diagnostics;
using Gateway.Transports.Tls;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// A WS or WSS connection carrying SIP (RFC 7118): after TLS (WSS) and the HTTP/1.1 upgrade, one SIP message per
/// WebSocket message, text or binary, fragments reassembled up to the message size limit. Frames, masking, ping/pong
/// and the close handshake are the BCL's <see cref="WebSocket"/>. Keep-alive: the server PINGs every
/// <see cref="SipTransportLimits.WebSocketKeepAliveInterval"/> and drops a peer that does not PONG in time, so the
/// idle timeout does not apply.
/// </summary>
/// <remarks>Each complete message is copied into one exact-size array that the parsed message then owns.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "CloseTransport() disposes the streams when the flow closes.")]
internal sealed class WebSocketSipFlow : ConnectionFlow
{
    private const int InitialBufferSize = 4096;
    private readonly NetworkStream _network;
    private readonly ServerCertificateSelector? _serverCertificates;
    private readonly IList<string> _allowedOrigins;
    private Stream _stream;
    private WebSocket? _webSocket;

    public WebSocketSipFlow(SipTransportKind kind, Socket socket, SipTransportContext context, ServerCertificateSelector? serverCertificates, IList<string> allowedOrigins)
        : base(kind, socket, (IPEndPoint)socket.LocalEndPoint!, (IPEndPoint)socket.RemoteEndPoint!, inbound: true, context)
    {
        // The stream owns the socket: when the WebSocket aborts itself (keep-alive timeout) and disposes the stream,
        // the socket closes too and the pending read ends.
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        _serverCertificates = serverCertificates;
        _allowedOrigins = allowedOrigins;
    }

    /// <inheritdoc />
    protected override bool UsesIdleTimeout => false;

    /// <inheritdoc />
    public override async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Kind == SipTransportKind.Wss)
            {
                var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
                _stream = ssl;
                try
                {
                    await ssl.AuthenticateAsServerAsync(
                        static (_, hello, state, _) => ValueTask.FromResult(((ServerCertificateSelector)state!).GetOptions(hello.ServerName)),
                        _serverCertificates,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (AuthenticationException e)
                {
                    Context.Metrics.HandshakeFailed(Kind, "tls");
                    TransportLog.HandshakeFailed(Context.Logger, this, e.Message);
                    return false;
                }
            }

            var upgrade = await WebSocketHandshake.ReadAsync(_stream, Context.Parser.MaxHeaderSectionSize, _allowedOrigins, cancellationToken).ConfigureAwait(false);
            if (upgrade is not { } result)
            {
                Context.Metrics.HandshakeFailed(Kind, "closed-before-upgrade");
                return false;
            }

            await _stream.WriteAsync(result.Response, cancellationToken).ConfigureAwait(false);
            if (!result.Accepted)
            {
                Context.Metrics.HandshakeFailed(Kind, "upgrade-refused");
                TransportLog.UpgradeRefused(Context.Logger, this, result.Status, result.Reason);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            var limits = Context.Limits;
            _webSocket = WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions
            {
                IsServer = true,
                SubProtocol = WebSocketHandshake.SubProtocol,
                KeepAliveInterval = limits.WebSocketKeepAliveInterval,
                KeepAliveTimeout = limits.WebSocketKeepAliveTimeout > TimeSpan.Zero ? limits.WebSocketKeepAliveTimeout : Timeout.InfiniteTimeSpan,
            });
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Context.Metrics.HandshakeFailed(Kind, "io");
            TransportLog.HandshakeFailed(Context.Logger, this, e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public override async Task ReceiveLoopAsync()
    {
        var webSocket = _webSocket!;
        var maxSize = Context.Parser.MaxMessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (length >= maxSize)
                        {
                            Context.Metrics.FramingError(Kind, "message-too-large");
                            TransportLog.FramingError(Context.Logger, this, "WebSocket message too large");
                            await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.MessageTooBig).ConfigureAwait(false);
                            return;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxSize, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var room = Math.Min(buffer.Length, maxSize + 1) - length;
                    result = await webSocket.ReceiveAsync(buffer.AsMemory(length, room), CancellationToken.None).ConfigureAwait(false);
                    Touch();
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.NormalClosure).ConfigureAwait(false);
                        return;
                    }

                    length += result.Count;
                    if (length > maxSize)
                    {
                        Context.Metrics.FramingError(Kind, "message-too-large");
                        TransportLog.FramingError(Context.Logger, this, "WebSocket message too large");
                        await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.MessageTooBig).ConfigureAwait(false);
                        return;
                    }

                    if (!result.EndOfMessage) MessageInProgress();
                }
                while (!result.EndOfMessage);

                NoMessageInProgress();
                if (length == 0) continue;
                await DeliverAsync(buffer.AsSpan(0, length).ToArray(), framed: false).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer closed or reset the connection, a frame was invalid, or the flow was aborted.
        }
        catch (Exception e)
        {
            TransportLog.FlowFailed(Context.Logger, this, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    protected override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        // RFC 7118 §5.1: text frames for UTF-8 messages, binary frames otherwise.
        var type = Utf8.IsValid(bytes.Span) ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        return _webSocket!.SendAsync(bytes, type, endOfMessage: true, cancellationToken);
    }

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        _webSocket?.Abort();
        _stream.Dispose();
        _network.Dispose();
    }

    private async Task CloseQuietlyAsync(WebSocket webSocket, WebSocketCloseStatus status)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), Context.TimeProvider);
            if (webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await webSocket.CloseOutputAsync(status, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Best effort.
        }
    }
}

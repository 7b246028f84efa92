using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Diagnostics;
using Gateway.Transports.Tls;

namespace Gateway.Transports.Streams;

/// <summary>
/// A TCP or TLS connection carrying SIP (RFC 3261 §18.3): bytes are read through a <see cref="PipeReader"/>,
/// framed by Core's <see cref="SipStreamFramer"/> (header section, then Content-Length octets) and consumed the
/// Kestrel way: a whole message is consumed, a partial one is only examined so the next read waits for more.
/// CRLFCRLF pings are answered with CRLF (RFC 5626 §3.5.1). A stream that cannot be framed closes the connection.
/// </summary>
/// <remarks>Each complete message is copied into one exact-size array that the parsed message then owns.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "CloseTransport() disposes the streams when the flow closes.")]
internal sealed class StreamSipFlow : ConnectionFlow
{
    private static readonly ReadOnlyMemory<byte> s_pong = "\r\n"u8.ToArray();
    private readonly NetworkStream _network;
    private readonly ServerCertificateSelector? _serverCertificates;
    private readonly SslClientAuthenticationOptions? _clientOptions;
    private Stream _stream;

    public StreamSipFlow(SipTransportKind kind, Socket socket, bool inbound, SipTransportContext context, ServerCertificateSelector? serverCertificates, SslClientAuthenticationOptions? clientOptions)
        : base(kind, socket, (IPEndPoint)socket.LocalEndPoint!, (IPEndPoint)socket.RemoteEndPoint!, inbound, context)
    {
        _network = new NetworkStream(socket, ownsSocket: false);
        _stream = _network;
        _serverCertificates = serverCertificates;
        _clientOptions = clientOptions;
    }

    /// <inheritdoc />
    public override async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        if (Kind != SipTransportKind.Tls) return true;
        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        _stream = ssl;
        try
        {
            if (IsInbound)
            {
                await ssl.AuthenticateAsServerAsync(
                    static (_, hello, state, _) => ValueTask.FromResult(((ServerCertificateSelector)state!).GetOptions(hello.ServerName)),
                    _serverCertificates,
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsClientAsync(_clientOptions!, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Context.Metrics.HandshakeFailed(Kind, "tls");
            TransportLog.HandshakeFailed(Context.Logger, this, e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public override async Task ReceiveLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty) Touch();
                var failed = false;
                while (!buffer.IsEmpty)
                {
                    var kind = SipStreamFramer.TryFrame(buffer, Context.Parser, out var length, out var error);
                    if (kind == SipFrameKind.Incomplete) break;
                    if (kind == SipFrameKind.Error)
                    {
                        Context.Metrics.FramingError(Kind, error.Code.ToString());
                        TransportLog.FramingError(Context.Logger, this, error.ReasonPhrase);
                        failed = true;
                        break;
                    }

                    var frame = buffer.Slice(0, length);
                    buffer = buffer.Slice(length);
                    if (kind == SipFrameKind.Message)
                    {
                        NoMessageInProgress();
                        await DeliverAsync(frame.ToArray(), framed: true).ConfigureAwait(false);
                    }
                    else if (kind == SipFrameKind.KeepAlivePing)
                    {
                        Context.Metrics.KeepAliveAnswered();
                        await SendBytesAsync(s_pong, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                if (failed) break;
                if (buffer.IsEmpty) NoMessageInProgress();
                else MessageInProgress();
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer closed or reset the connection, or the flow was aborted.
        }
        catch (Exception e)
        {
            TransportLog.FlowFailed(Context.Logger, this, e);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => _stream.WriteAsync(bytes, cancellationToken);

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        _stream.Dispose();
        _network.Dispose();
    }
}

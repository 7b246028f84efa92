using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>A TCP or TLS test client that sends raw bytes and reads SIP messages framed by Core's stream framer.</summary>
internal sealed class SipStreamClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;

    private SipStreamClient(Socket socket, Stream stream, X509Certificate2? serverCertificate)
    {
        _socket = socket;
        Stream = stream;
        ServerCertificate = serverCertificate;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    public Stream Stream { get; }

    public Socket Socket => _socket;

    public X509Certificate2? ServerCertificate { get; }

    public static async Task<SipStreamClient> ConnectAsync(IPEndPoint endPoint, bool tls = false, string? serverName = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        X509Certificate2? certificate = null;
        if (tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false, static (_, certificate, _, _) => certificate is not null);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName ?? "localhost" }, timeout.Token);
            certificate = ssl.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
            stream = ssl;
        }

        return new SipStreamClient(socket, stream, certificate);
    }

    public async Task SendAsync(string text) => await SendAsync(SipText.Bytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>Reads the next SIP message (keep-alive CRLFs are skipped); null when the server closed the connection.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var result = await _reader.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            var kind = SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var length, out _);
            if (kind is SipFrameKind.KeepAlivePing or SipFrameKind.KeepAlivePong)
            {
                _reader.AdvanceTo(buffer.GetPosition(length));
                continue;
            }

            if (kind == SipFrameKind.Message)
            {
                var bytes = buffer.Slice(0, length).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(length));
                return SipMessageParser.ParseFramed(bytes).Message;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes.</summary>
    public async Task<byte[]> ReadRawAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var result = await _reader.ReadAsync(cts.Token);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                _reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted) return [];
        }
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/> (whatever it sends before).</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(cts.Token);
                _reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
    }

    /// <summary>Resets the connection (RST), as a crashed peer would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}

using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// rtpengine's ng control protocol as a server: Kamailio's or OpenSIPS's rtpengine module (or any ng client) drives an
/// <see cref="IMediaRelay"/> through it exactly as it drives rtpengine. A request is <c>cookie SP bencoded-dictionary</c>
/// in one UDP datagram; the reply is the same cookie and a dictionary with <c>result</c> (<c>ok</c>, <c>pong</c>,
/// <c>error</c> with <c>error-reason</c>, optional <c>warning</c>). Commands: <c>ping</c>, <c>offer</c>,
/// <c>answer</c>, <c>delete</c>, <c>query</c>, <c>list</c>, <c>statistics</c>.
/// </summary>
/// <remarks>
/// Retransmitted requests (same source and cookie) get the cached first reply without running the command again.
/// Work is bounded: datagrams over <see cref="NgServerOptions.MaxDatagramSize"/> are dropped, at most
/// <see cref="NgServerOptions.MaxInFlight"/> commands run at once, each for at most
/// <see cref="NgServerOptions.CommandTimeout"/>. Malformed input is answered with an error (or dropped when it has no
/// cookie to answer to); no exception leaves the receive loop.
/// </remarks>
public sealed partial class NgServer : IHostedService, IAsyncDisposable
{
    private readonly NgServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NgCommandHandler _handler;
    private readonly NgReplyCache _cache;
    private readonly SemaphoreSlim _inFlight;
    private Socket? _socket;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <summary>Creates the server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="relay">The relay the commands drive.</param>
    /// <param name="options">Listening endpoint and limits.</param>
    /// <param name="timeProvider">Clock for the reply cache and command timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    public NgServer(IMediaRelay relay, NgServerOptions options, TimeProvider? timeProvider = null, ILogger<NgServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _handler = new NgCommandHandler(relay, _time);
        _cache = new NgReplyCache(_time, options.ReplyCacheSize, options.ReplyCacheLifetime);
        _inFlight = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>The bound endpoint (with the actual port when <see cref="NgServerOptions.EndPoint"/> asked for 0); null before start.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Requests received (including retransmissions and rejected ones).</summary>
    public long RequestsReceived => Interlocked.Read(ref _requestsReceived);

    /// <summary>Retransmitted requests answered from the reply cache.</summary>
    public long RepliesFromCache => Interlocked.Read(ref _repliesFromCache);

    private long _requestsReceived;
    private long _repliesFromCache;

    /// <summary>Binds the UDP socket and starts serving.</summary>
    /// <param name="cancellationToken">Not used: binding does not block.</param>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null) throw new InvalidOperationException("The ng server is already started.");
        var socket = new Socket(_options.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(_options.EndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => ReceiveLoopAsync(socket, _stopping.Token), CancellationToken.None);
        Log.Started(_logger, LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>Stops receiving and waits (until <paramref name="cancellationToken"/>) for commands in flight.</summary>
    /// <param name="cancellationToken">Ends the wait for commands in flight.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_socket is null) return;
        await _stopping!.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop!.WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < _options.MaxInFlight; i++) await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            _inFlight.Release(_options.MaxInFlight);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _stopping.Dispose();
            _socket = null;
            _stopping = null;
            _loop = null;
        }
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(timeout.Token).ConfigureAwait(false);
        _inFlight.Dispose();
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stopping)
    {
        // One byte more than the limit tells an oversized datagram from one that fits exactly.
        var buffer = GC.AllocateUninitializedArray<byte>(_options.MaxDatagramSize + 1);
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                await _inFlight.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping).ConfigureAwait(false);
                }
                catch
                {
                    _inFlight.Release();
                    throw;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // an ICMP error from an earlier reply, or a truncated datagram: nothing to answer
            }
            catch (SocketException ex)
            {
                Log.ReceiveFailed(_logger, ex);
                if (stopping.IsCancellationRequested) return;
                continue;
            }

            Interlocked.Increment(ref _requestsReceived);
            var source = received.RemoteEndPoint;
            if (received.ReceivedBytes > _options.MaxDatagramSize)
            {
                _inFlight.Release();
                Log.Oversized(_logger, source, received.ReceivedBytes);
                continue;
            }

            var datagram = ArrayPool<byte>.Shared.Rent(received.ReceivedBytes);
            buffer.AsSpan(0, received.ReceivedBytes).CopyTo(datagram);
            _ = ProcessAsync(socket, source, datagram, received.ReceivedBytes, stopping);
        }
    }

    private async Task ProcessAsync(Socket socket, EndPoint source, byte[] datagram, int length, CancellationToken stopping)
    {
        string? cookieText = null;
        var completed = false;
        try
        {
            await Task.Yield();
            var message = datagram.AsMemory(0, length);
            var space = message.Span.IndexOf((byte)' ');
            if (space <= 0 || space > _options.MaxCookieLength)
            {
                Log.NoCookie(_logger, source);
                return;
            }

            var cookie = message[..space];
            cookieText = System.Text.Encoding.UTF8.GetString(cookie.Span);
            switch (_cache.TryBegin(source, cookieText, out var cached))
            {
                case NgReplyCache.Lookup.Pending:
                    completed = true;
                    return;
                case NgReplyCache.Lookup.Cached:
                    completed = true;
                    Interlocked.Increment(ref _repliesFromCache);
                    await SendAsync(socket, cached!, source, stopping).ConfigureAwait(false);
                    return;
            }

            byte[] reply;
            using (var timeout = new CancellationTokenSource(_options.CommandTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping))
            {
                try
                {
                    reply = await _handler.HandleAsync(cookie, message[(space + 1)..], _options.MaxDatagramSize, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The relay broke its contract (failures are results): answer with an error all the same.
                    Log.RelayFailed(_logger, cookieText, ex);
                    reply = _handler.Error(cookie, _options.MaxDatagramSize, "Internal error in the media relay: " + ex.GetType().Name);
                }
            }

            _cache.Complete(source, cookieText, reply);
            completed = true;
            await SendAsync(socket, reply, source, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ProcessFailed(_logger, source, ex);
        }
        finally
        {
            if (!completed && cookieText is not null) _cache.Abandon(source, cookieText);
            ArrayPool<byte>.Shared.Return(datagram);
            _inFlight.Release();
        }
    }

    private async Task SendAsync(Socket socket, byte[] reply, EndPoint destination, CancellationToken stopping)
    {
        try
        {
            await socket.SendToAsync(reply, SocketFlags.None, destination, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!stopping.IsCancellationRequested) Log.SendFailed(_logger, destination, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "ng server listening on udp:{EndPoint}")]
        public static partial void Started(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "ng server: dropped a {Length}-byte datagram from {Source}: over the size limit")]
        public static partial void Oversized(ILogger logger, EndPoint source, int length);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "ng server: dropped a datagram from {Source} without a cookie")]
        public static partial void NoCookie(ILogger logger, EndPoint source);

        [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "ng server: the media relay threw on the request with cookie {Cookie}")]
        public static partial void RelayFailed(ILogger logger, string cookie, Exception exception);

        [LoggerMessage(EventId = 7105, Level = LogLevel.Error, Message = "ng server: a request from {Source} failed")]
        public static partial void ProcessFailed(ILogger logger, EndPoint source, Exception exception);

        [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "ng server: could not send a reply to {Destination}")]
        public static partial void SendFailed(ILogger logger, EndPoint destination, Exception exception);

        [LoggerMessage(EventId = 7107, Level = LogLevel.Warning, Message = "ng server: receive failed")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);
    }
}

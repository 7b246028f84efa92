using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Hosting;
using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Diagnostics;
using Gateway.Transports.Streams;
using Gateway.Transports.Tls;
using Gateway.Transports.Udp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Transports;

/// <summary>
/// The transport layer: binds the configured UDP, TCP, TLS, WS and WSS listeners, keeps the table of stream
/// connections, opens outbound connections, and hands every received message to Core's
/// <see cref="SipMessageReceiver"/> (parse, validate, 400 for malformed requests, <c>received</c>/<c>rport</c>,
/// then the <see cref="ISipMessageHandler"/>). One timer (the heartbeat, on the injected <see cref="TimeProvider"/>)
/// enforces handshake, message-completion and idle timeouts for all connections.
/// </summary>
/// <remarks>
/// With the generic host, <c>AddSipGateway().AddUdp(…)</c> registers it and starts it with the host. Without a host,
/// construct it, call <see cref="StartAsync"/> with a handler, and <see cref="StopAsync"/> at the end.
/// </remarks>
public sealed class SipTransportLayer : ISipTransport, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly SipGatewayOptions _gatewayOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly FlowTokenCodec _tokens = new();
    private readonly List<UdpSipListener> _udp = [];
    private readonly List<StreamSipListener> _streams = [];
    private readonly List<Task> _connectionTasks = [];
    private readonly Lock _lock = new();
    private SipTransportContext? _context;
    private ClientTlsOptionsFactory? _clientTls;
    private ITimer? _heartbeat;
    private IReadOnlyList<SipListenerInfo> _listeners = [];
    private SipMessageReceiver? _receiver;
    private bool _stopped;
    private int _pruneAt = 64;

    /// <summary>Creates a transport layer over <paramref name="options"/> (listeners and limits) and the gateway's parser limits.</summary>
    public SipTransportLayer(IOptions<SipTransportOptions> options, IOptions<SipGatewayOptions> gatewayOptions, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _gatewayOptions = gatewayOptions.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SipTransportLayer>();
    }

    /// <inheritdoc />
    public IReadOnlyList<SipListenerInfo> Listeners => _listeners;

    /// <summary>Counts of connections, rejections, timeouts and messages (also published on the <c>Gateway.Transports</c> meter).</summary>
    public SipTransportMetrics Metrics { get; } = new();

    /// <summary>The receiver every message goes through (its counters tell parse rejections); null before start.</summary>
    public SipMessageReceiver? Receiver => _receiver;

    /// <summary>Stream connections open or opening now.</summary>
    public int ConnectionCount => _context?.Connections.Count ?? 0;

    /// <inheritdoc />
    public event Action<SipFlow>? FlowClosed;

    /// <summary>
    /// Validates the options, loads certificates and binds every listener (port 0 picks a free port: read
    /// <see cref="Listeners"/> afterwards), then starts receiving. Messages go to <paramref name="handler"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started, or the options are invalid.</exception>
    /// <exception cref="SocketException">A listen address cannot be bound.</exception>
    public Task StartAsync(ISipMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (_context is not null) throw new InvalidOperationException("The transport layer has already been started.");
            _options.Validate();
            _gatewayOptions.Validate();
            _receiver = new SipMessageReceiver(handler, _gatewayOptions.Parser, _loggerFactory.CreateLogger<SipMessageReceiver>());
            var context = new SipTransportContext(_options, _gatewayOptions.Parser, _receiver, _timeProvider, Metrics, _logger)
            {
                OnConnectionClosed = OnConnectionClosed,
            };
            _clientTls = new ClientTlsOptionsFactory(_options.TlsClient);
            var infos = new List<SipListenerInfo>();
            try
            {
                foreach (var listener in _options.Listeners)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    SipListenerInfo info;
                    if (listener.Protocol == SipTransportKind.Udp)
                    {
                        var udp = new UdpSipListener(listener, _udp.Count, context);
                        _udp.Add(udp);
                        info = udp.Info;
                    }
                    else
                    {
                        var certificates = listener.Protocol.IsSecure() ? new ServerCertificateSelector(listener, _options, _timeProvider, _logger) : null;
                        var stream = new StreamSipListener(listener, context, certificates, RunInbound);
                        _streams.Add(stream);
                        info = stream.Info;
                    }

                    infos.Add(info);
                    TransportLog.Listening(_logger, info.Kind, info.EndPoint, info.AdvertisedHost, info.AdvertisedPort);
                }
            }
            catch
            {
                foreach (var udp in _udp) udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                foreach (var stream in _streams) stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _udp.Clear();
                _streams.Clear();
                throw;
            }

            _context = context;
            _listeners = infos.AsReadOnly();
            foreach (var udp in _udp) udp.Start(_options.UdpReceiveLoops);
            foreach (var stream in _streams) stream.Start();
            var interval = _options.Limits.HeartbeatInterval;
            _heartbeat = _timeProvider.CreateTimer(static state => ((SipTransportLayer)state!).OnHeartbeat(), this, interval, interval);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops listening and closes every connection (each raises <see cref="FlowClosed"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        SipTransportContext? context;
        lock (_lock)
        {
            if (_stopped || _context is null) return;
            _stopped = true;
            context = _context;
        }

        if (_heartbeat is not null) await _heartbeat.DisposeAsync().ConfigureAwait(false);
        foreach (var stream in _streams) await stream.DisposeAsync().ConfigureAwait(false);
        var count = 0;
        foreach (var connection in context.Connections.All)
        {
            if (connection.Close()) count++;
        }

        Task[] running;
        lock (_connectionTasks) running = [.. _connectionTasks];
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var udp in _udp) await udp.DisposeAsync().ConfigureAwait(false);
        TransportLog.Stopped(_logger, count);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Metrics.Dispose();
    }

    /// <inheritdoc />
    public ValueTask<SipFlow?> GetFlowAsync(SipTransportKind kind, IPEndPoint remote, CancellationToken cancellationToken = default) =>
        ConnectAsync(kind, remote, serverName: null, cancellationToken);

    /// <summary>
    /// Like <see cref="GetFlowAsync"/>, with the server name to send in SNI and to check the server's certificate
    /// against for a new TLS connection (default: the IP address).
    /// </summary>
    public async ValueTask<SipFlow?> ConnectAsync(SipTransportKind kind, IPEndPoint remote, string? serverName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var context = _context;
        if (context is null || _stopped) return null;
        remote = ConnectionTable.Normalize(remote);
        if (kind == SipTransportKind.Udp)
        {
            foreach (var udp in _udp)
            {
                if (udp.EndPoint.AddressFamily == remote.AddressFamily) return udp.GetFlow(remote);
            }

            return null;
        }

        if (context.Connections.TryGet(kind, remote, out var existing)) return existing;
        if (kind.IsWebSocket()) return null;
        return await OpenAsync(context, kind, remote, serverName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool TryGetFlow(string flowId, [NotNullWhen(true)] out SipFlow? flow)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        flow = null;
        var context = _context;
        if (context is null) return false;
        if (UdpSipListener.TryParseFlowId(flowId, out var index, out var remote))
        {
            if (index >= _udp.Count || _stopped) return false;
            flow = _udp[index].GetFlow(remote!);
            return true;
        }

        if (context.Connections.TryGet(flowId, out var connection))
        {
            flow = connection;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public string CreateFlowToken(SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return _tokens.Encode(flow.Id);
    }

    /// <inheritdoc />
    public bool TryResolveFlowToken(ReadOnlySpan<char> token, [NotNullWhen(true)] out SipFlow? flow)
    {
        flow = null;
        return _tokens.TryDecode(token, out var id) && TryGetFlow(id, out flow);
    }

    private async ValueTask<SipFlow?> OpenAsync(SipTransportContext context, SipTransportKind kind, IPEndPoint remote, string? serverName, CancellationToken cancellationToken)
    {
        var refusal = context.Connections.TryReserve(inboundFrom: null);
        if (refusal is not null)
        {
            context.Metrics.ConnectionRefused(kind, refusal);
            TransportLog.ConnectFailed(_logger, kind, remote, refusal);
            return null;
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        StreamSipFlow? flow = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Limits.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            var clientOptions = kind == SipTransportKind.Tls ? _clientTls!.Create(serverName ?? remote.Address.ToString()) : null;
            flow = new StreamSipFlow(kind, socket, inbound: false, context, serverCertificates: null, clientOptions);
            context.Connections.Add(flow);
            if (!await flow.HandshakeAsync(timeout.Token).ConfigureAwait(false))
            {
                TransportLog.ConnectFailed(_logger, kind, remote, "TLS handshake failed");
                Finish(context, flow, established: false);
                return null;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            TransportLog.ConnectFailed(_logger, kind, remote, e.Message);
            if (flow is not null)
            {
                Finish(context, flow, established: false);
            }
            else
            {
                socket.Dispose();
                context.Connections.Release(null);
            }

            return null;
        }

        flow.MarkEstablished();
        context.Connections.Publish(flow);
        context.Metrics.ConnectionOpened(kind);
        TransportLog.Opened(_logger, flow);
        Track(RunEstablishedAsync(context, flow));
        return flow;
    }

    private void RunInbound(ConnectionFlow flow)
    {
        var context = _context!;
        context.Connections.Add(flow);
        Track(RunInboundAsync(context, flow));
    }

    private async Task RunInboundAsync(SipTransportContext context, ConnectionFlow flow)
    {
        // Leave the accept loop at once: the handshake may be slow (that is what the heartbeat's deadline is for).
        await Task.Yield();
        bool ok;
        try
        {
            ok = await flow.HandshakeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TransportLog.FlowFailed(_logger, flow, e);
            ok = false;
        }

        if (!ok || flow.IsClosed)
        {
            Finish(context, flow, established: false);
            return;
        }

        flow.MarkEstablished();
        context.Connections.Publish(flow);
        TransportLog.Accepted(_logger, flow);
        await RunEstablishedAsync(context, flow).ConfigureAwait(false);
    }

    private async Task RunEstablishedAsync(SipTransportContext context, ConnectionFlow flow)
    {
        try
        {
            await flow.ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TransportLog.FlowFailed(_logger, flow, e);
        }
        finally
        {
            Finish(context, flow, established: true);
        }
    }

    private void Finish(SipTransportContext context, ConnectionFlow flow, bool established)
    {
        flow.Close();
        context.Connections.Remove(flow);
        context.Connections.Release(flow.ReservedAddress);
        context.Metrics.ConnectionClosed();
        TransportLog.Closed(_logger, flow);
        if (established) context.OnConnectionClosed?.Invoke(flow);
    }

    private void OnConnectionClosed(ConnectionFlow flow)
    {
        var handlers = FlowClosed;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<SipFlow>)handler)(flow);
            }
            catch (Exception e)
            {
                TransportLog.FlowClosedHandlerFailed(_logger, flow, e);
            }
        }
    }

    private void Track(Task task)
    {
        lock (_connectionTasks)
        {
            _connectionTasks.Add(task);
            if (_connectionTasks.Count > _pruneAt)
            {
                _connectionTasks.RemoveAll(static t => t.IsCompleted);
                _pruneAt = Math.Max(64, _connectionTasks.Count * 2);
            }
        }
    }

    private void OnHeartbeat()
    {
        var context = _context;
        if (context is null) return;
        var now = context.Now();
        foreach (var connection in context.Connections.All) connection.CheckTimeouts(now);
    }
}

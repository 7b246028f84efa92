using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Diagnostics;
using Gateway.Transports.Streams;

namespace Gateway.Transports.Udp;

/// <summary>
/// One UDP socket per listen address. Several receive threads share the socket; each owns one receive buffer and one
/// <see cref="SocketAddress"/> for its whole life, so receiving allocates nothing. With more than one thread, messages
/// of the same dialog are still processed in the order they arrived: a thread receives under a lock and, before it
/// lets the next thread receive, claims the ordering stripe of the datagram's Call-ID (<see cref="UdpDialogKey"/>; the
/// source address when there is none), which it holds until the message has been handled. A 200 can then never
/// overtake the 180 sent just before it. Flows are cached by remote
/// address (a bounded cache, cleared when full), so a known peer costs no allocation either. What is allocated per
/// datagram is the exact-size array the parsed message keeps (the parser's message refers into it).
/// </summary>
internal sealed class UdpSipListener : IAsyncDisposable
{
    private const string FlowIdPrefix = "udp";
    private const int ReceiveBufferSize = 65_536;
    private const int MaxCachedFlows = 65_536;
    private const int MaxInFlight = 4_096;
    private const int StripeCount = 1_024;
    private readonly Lock _receiveGate = new();
    private readonly int[] _stripes = new int[StripeCount];
    private readonly ConcurrentDictionary<SocketAddress, UdpSipFlow> _flows = new();
    private readonly CancellationTokenSource _stopped = new();
    private Thread[] _loops = [];
    private int _cachedFlows;
    private int _inFlight;

    public UdpSipListener(SipListenerOptions options, int index, SipTransportContext context)
    {
        Index = index;
        Context = context;
        var endPoint = options.GetEndPoint();
        Socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) Socket.DualMode = false;
            if (context.Options.UdpSocketBufferSize > 0)
            {
                Socket.ReceiveBufferSize = context.Options.UdpSocketBufferSize;
                Socket.SendBufferSize = context.Options.UdpSocketBufferSize;
            }

            Socket.Bind(endPoint);
        }
        catch
        {
            Socket.Dispose();
            throw;
        }

        EndPoint = (IPEndPoint)Socket.LocalEndPoint!;
        Info = new SipListenerInfo(SipTransportKind.Udp, EndPoint, options.AdvertisedHost ?? StreamSipListener.FormatHost(EndPoint.Address), options.AdvertisedPort ?? EndPoint.Port);
    }

    public int Index { get; }

    public IPEndPoint EndPoint { get; }

    public SipListenerInfo Info { get; }

    public Socket Socket { get; }

    public SipTransportContext Context { get; }

    public CancellationToken Stopped => _stopped.Token;

    public static string FormatFlowId(int index, IPEndPoint remote) => string.Create(CultureInfo.InvariantCulture, $"{FlowIdPrefix}{index}-{remote}");

    public static bool TryParseFlowId(string id, out int index, out IPEndPoint? remote)
    {
        index = 0;
        remote = null;
        if (!id.StartsWith(FlowIdPrefix, StringComparison.Ordinal)) return false;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > FlowIdPrefix.Length
            && int.TryParse(id.AsSpan(FlowIdPrefix.Length, dash - FlowIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && IPEndPoint.TryParse(id.AsSpan(dash + 1), out remote);
    }

    public void Start(int loops)
    {
        _loops = new Thread[loops];
        var ordered = loops > 1;
        for (var i = 0; i < loops; i++)
        {
            _loops[i] = new Thread(ordered ? OrderedReceiveLoop : ReceiveLoop) { IsBackground = true, Name = $"SIP UDP {EndPoint} #{i}" };
            _loops[i].Start();
        }
    }

    /// <summary>The flow to <paramref name="remote"/> through this socket.</summary>
    public UdpSipFlow GetFlow(IPEndPoint remote)
    {
        var address = remote.Serialize();
        return _flows.TryGetValue(address, out var flow) ? flow : AddFlow(address);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync().ConfigureAwait(false);
        Socket.Dispose();
        foreach (var loop in _loops) await Task.Run(() => loop.Join(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    /// <remarks>
    /// A dedicated thread blocked in <c>recvfrom</c>: no readiness notification and no thread-pool hop per datagram.
    /// A handler that completes synchronously (the common case: parse, answer, <c>sendto</c>) runs inline; one that
    /// goes asynchronous continues on the thread pool while this thread receives the next datagram.
    /// </remarks>
    private void ReceiveLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
        var address = new SocketAddress(EndPoint.AddressFamily);
        while (!_stopped.IsCancellationRequested)
        {
            int received;
            try
            {
                received = Socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted || _stopped.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error reported on the socket, a truncated datagram: one datagram is lost, the loop goes on.
                TransportLog.ReceiveError(Context.Logger, SipTransportKind.Udp, EndPoint, e);
                continue;
            }

            var task = Dispatch(buffer, received, address);
            if (task.IsCompletedSuccessfully) continue;
            if (Interlocked.Increment(ref _inFlight) > MaxInFlight) ObserveAsync(task, -1).GetAwaiter().GetResult();
            else _ = ObserveAsync(task, -1);
        }
    }

    /// <summary>
    /// The receive loop of one of several threads: recvfrom and the claim of the dialog's stripe happen under the
    /// receive lock, so per-dialog order is arrival order; the handling itself runs in parallel with other dialogs.
    /// </summary>
    private void OrderedReceiveLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
        var address = new SocketAddress(EndPoint.AddressFamily);
        while (!_stopped.IsCancellationRequested)
        {
            int received;
            int stripe;
            lock (_receiveGate)
            {
                try
                {
                    received = Socket.ReceiveFrom(buffer, SocketFlags.None, address);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted || _stopped.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException e)
                {
                    TransportLog.ReceiveError(Context.Logger, SipTransportKind.Udp, EndPoint, e);
                    continue;
                }

                var datagram = buffer.AsSpan(0, received);
                var hash = UdpDialogKey.TryHashCallId(datagram, out var callIdHash) ? callIdHash : UdpDialogKey.HashAddress(address.Buffer.Span[..address.Size]);
                stripe = (int)(hash % StripeCount);
                ClaimStripe(stripe);
            }

            // Dispatch never throws; the stripe is released when the message has been handled.
            var task = Dispatch(buffer, received, address);
            if (task.IsCompletedSuccessfully)
            {
                ReleaseStripe(stripe);
                continue;
            }

            if (Interlocked.Increment(ref _inFlight) > MaxInFlight) ObserveAsync(task, stripe).GetAwaiter().GetResult();
            else _ = ObserveAsync(task, stripe);
        }
    }

    /// <summary>Waits until no other thread is handling a message of this stripe, then takes it.</summary>
    private void ClaimStripe(int stripe)
    {
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _stripes[stripe], 1, 0) != 0) spin.SpinOnce();
    }

    private void ReleaseStripe(int stripe) => Volatile.Write(ref _stripes[stripe], 0);

    private ValueTask Dispatch(byte[] buffer, int received, SocketAddress address)
    {
        var flow = _flows.TryGetValue(address, out var cached) ? cached : AddFlow(address);
        var datagram = buffer.AsSpan(0, received);
        if (received > Context.Parser.MaxMessageSize || IsBlank(datagram))
        {
            var reason = received > Context.Parser.MaxMessageSize ? "datagram-too-large" : "keep-alive";
            Context.Metrics.DatagramDropped(reason);
            TransportLog.DatagramDropped(Context.Logger, flow.RemoteEndPoint, reason);
            return ValueTask.CompletedTask;
        }

        Context.Metrics.MessageReceived(SipTransportKind.Udp);
        try
        {
            return Context.Receiver.ReceiveAsync(flow, datagram.ToArray(), framed: false, CancellationToken.None);
        }
        catch (Exception e)
        {
            TransportLog.FlowFailed(Context.Logger, flow, e);
            return ValueTask.CompletedTask;
        }
    }

    private async Task ObserveAsync(ValueTask task, int stripe)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TransportLog.ReceiveError(Context.Logger, SipTransportKind.Udp, EndPoint, e);
        }
        finally
        {
            if (stripe >= 0) ReleaseStripe(stripe);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private UdpSipFlow AddFlow(SocketAddress received)
    {
        var key = new SocketAddress(received.Family, received.Size);
        received.Buffer.Span[..received.Size].CopyTo(key.Buffer.Span);
        var remote = (IPEndPoint)EndPoint.Create(key);
        if (Interlocked.Increment(ref _cachedFlows) > MaxCachedFlows)
        {
            _flows.Clear();
            Interlocked.Exchange(ref _cachedFlows, 0);
        }

        return _flows.GetOrAdd(key, new UdpSipFlow(this, remote, key));
    }

    /// <summary>An empty datagram or one of CR/LF only: a NAT keep-alive, never a message (RFC 5626 §3.5.1 uses STUN on UDP).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> datagram) => datagram.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0;
}

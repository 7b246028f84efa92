using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// One socket of a leg and how its datagrams are received. Normally on one of the relay's dedicated receive threads
/// (<see cref="MediaReceiveThreads"/>: the socket is made non-blocking, its thread reads one datagram whenever epoll
/// reports it readable and hands it to <see cref="UdpMediaLeg"/> on that thread); where those threads are not
/// available, or a socket keeps failing there, an async loop of its own
/// (<see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>). Either way the
/// receive buffer and the <see cref="Source"/> address are reused (nothing allocated per datagram) and each datagram
/// is handled before the next is read. <see cref="StopAsync"/> returns once no datagram is being handled.
/// </summary>
internal sealed class MediaLegSocket
{
    private const int MaxConsecutiveFailures = 64;
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Closed = 2;
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(50);

    private readonly UdpMediaLeg _leg;
    private readonly Lock _registrationLock = new();
    private readonly TaskCompletionSource _quiet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaLegEndPoint? _lastSource;
    private MediaReceiveThread? _thread;
    private int _slot;
    private int _receiveState;
    private int _failures;
    private bool _stopped;

    /// <summary>Wraps a bound socket.</summary>
    /// <param name="leg">The leg that handles datagrams.</param>
    /// <param name="socket">The bound UDP socket (owned by the leg).</param>
    /// <param name="isRtcp">Whether it is the separate RTCP socket.</param>
    public MediaLegSocket(UdpMediaLeg leg, Socket socket, bool isRtcp)
    {
        _leg = leg;
        Socket = socket;
        IsRtcp = isRtcp;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Descriptor = (int)socket.SafeHandle.DangerousGetHandle();
        Source = new SocketAddress(socket.AddressFamily, SocketAddress.GetMaximumAddressSize(socket.AddressFamily));
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>The socket's file descriptor (for epoll).</summary>
    public int Descriptor { get; }

    /// <summary>Whether this is the separate RTCP socket.</summary>
    public bool IsRtcp { get; }

    /// <summary>The bound address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The source of the datagram being handled (valid during <see cref="UdpMediaLeg"/>'s handling only).</summary>
    public SocketAddress Source { get; }

    /// <summary>The registration's generation on its receive thread (tells this socket from a later one in the same slot).</summary>
    public int Generation { get; private set; }

    /// <summary>Whether a dedicated receive thread reads this socket (else an async loop does, or nothing yet).</summary>
    public bool OnReceiveThread => Volatile.Read(ref _thread) is not null;

    /// <summary>The async loop, when the socket has one.</summary>
    private Task Loop { get; set; } = Task.CompletedTask;

    /// <summary>Starts receiving: on a dedicated thread when <paramref name="threads"/> takes the socket, else in an async loop.</summary>
    /// <param name="threads">The relay's receive threads, or null for an async loop.</param>
    /// <param name="companion">The leg's other socket, started already: this one joins its thread.</param>
    public void Start(MediaReceiveThreads? threads, MediaLegSocket? companion = null)
    {
        if (threads is not null && threads.TryRegister(this, companion is null ? null : Volatile.Read(ref companion._thread))) return;
        lock (_registrationLock)
        {
            if (!_stopped) Loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Records the receive thread and slot that took the socket (called by the thread, before epoll sees it).</summary>
    internal void SetRegistration(MediaReceiveThread thread, int slot, int generation)
    {
        lock (_registrationLock)
        {
            _slot = slot;
            Generation = generation;
            Volatile.Write(ref _thread, thread);
        }
    }

    /// <summary>Forgets a registration the thread could not complete.</summary>
    internal void ClearRegistration(MediaReceiveThread thread)
    {
        lock (_registrationLock)
        {
            if (ReferenceEquals(_thread, thread)) Volatile.Write(ref _thread, null);
        }
    }

    /// <summary>
    /// Reads and handles one datagram; called by the receive thread when epoll reports the socket readable. A read
    /// that finds nothing (a spurious wake-up) does nothing.
    /// </summary>
    /// <param name="buffer">The thread's buffer (<see cref="MediaLegLimits.BufferSize"/> bytes).</param>
    internal void ReceiveReady(byte[] buffer)
    {
        if (Interlocked.CompareExchange(ref _receiveState, Busy, Idle) != Idle) return;
        try
        {
            ReceiveOne(buffer);
        }
        finally
        {
            // StopAsync marked the socket closed while the datagram was being handled: it waits for this.
            if (Interlocked.CompareExchange(ref _receiveState, Idle, Busy) != Busy) _quiet.TrySetResult();
        }
    }

    /// <summary>
    /// Leaves the receive thread for an async loop of its own (the thread stopped, or the socket keeps failing there).
    /// </summary>
    internal void MoveToAsyncLoop()
    {
        MediaReceiveThread? thread;
        int slot;
        lock (_registrationLock)
        {
            thread = _thread;
            slot = _slot;
            if (_stopped || thread is null) return;
            Volatile.Write(ref _thread, null);
            Loop = Task.Run(RunAsync);
        }

        thread.Remove(this, slot);
    }

    /// <summary>
    /// Stops receiving and closes the socket; completes once no datagram of this socket is being handled (except when
    /// called from the handling itself).
    /// </summary>
    /// <returns>A task that completes when receiving has stopped.</returns>
    public async Task StopAsync()
    {
        MediaReceiveThread? thread;
        int slot;
        Task loop;
        lock (_registrationLock)
        {
            if (_stopped) return;
            _stopped = true;
            thread = _thread;
            slot = _slot;
            Volatile.Write(ref _thread, null);
            loop = Loop;
        }

        thread?.Remove(this, slot);
        var previous = Interlocked.Exchange(ref _receiveState, Closed);
        if (previous == Busy && thread is not null && !thread.IsCurrentThread) await _quiet.Task.ConfigureAwait(false);
        Socket.Dispose();
        await loop.ConfigureAwait(false);
    }

    /// <summary>
    /// The source of the current datagram as an immutable endpoint: the previous one when the source did not change
    /// (so a steady stream of STUN checks or DTLS records allocates nothing), else a new copy.
    /// </summary>
    /// <returns>The endpoint, or null for an address that is neither IPv4 nor IPv6.</returns>
    public MediaLegEndPoint? CurrentSource()
    {
        var last = _lastSource;
        if (last is not null && last.Matches(Source)) return last;
        last = MediaLegEndPoint.FromReceived(Source);
        _lastSource = last;
        return last;
    }

    private void ReceiveOne(byte[] buffer)
    {
        // One extra byte beyond the largest datagram tells an oversized datagram from a full-sized one.
        int length;
        try
        {
            length = Socket.ReceiveFrom(buffer.AsSpan(0, MediaLegLimits.MaxDatagram + 1), SocketFlags.None, Source);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ICMP errors reported on the socket, truncated datagrams: go on; a socket that fails every read would keep
            // the thread busy (level-triggered), so after a run of failures it gets an async loop that can pause.
            _leg.OnReceiveError(this, e);
            if (++_failures >= MaxConsecutiveFailures)
            {
                MediaLegLog.ReceiveFailingSocketMoved(_leg.Logger, _leg.Label, _failures, LocalEndPoint);
                _failures = 0;
                MoveToAsyncLoop();
            }

            return;
        }

        _failures = 0;
        Handle(buffer, length);
    }

    private void Handle(byte[] buffer, int length)
    {
        try
        {
            _leg.OnDatagram(this, buffer, length);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _leg.OnHandlingError(this, e);
        }
    }

    private async Task RunAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MediaLegLimits.BufferSize, pinned: true);
        var receive = buffer.AsMemory(0, MediaLegLimits.MaxDatagram + 1);
        var failures = 0;
        while (!_leg.IsDisposed)
        {
            if (failures >= MaxConsecutiveFailures)
            {
                // A socket that fails every receive must not spin a core: pause, then try again.
                failures = 0;
                await Task.Delay(FailurePause, _leg.TimeProvider).ConfigureAwait(false);
            }

            int length;
            try
            {
                length = await Socket.ReceiveFromAsync(receive, SocketFlags.None, Source).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (_leg.IsDisposed || e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_leg.IsDisposed) return;
                failures++;
                _leg.OnReceiveError(this, e);
                continue;
            }

            failures = 0;
            Handle(buffer, length);
        }
    }
}

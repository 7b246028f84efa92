using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// One dedicated receive thread: an epoll set (level-triggered) over the sockets assigned to it, a buffer of its own,
/// and a loop that waits, then reads one datagram from every readable socket and hands it to its leg on this thread.
/// Sockets are found from the event's data, a slot number and a generation (a socket removed while its event was in
/// flight is skipped, never confused with the socket that took its slot).
/// </summary>
internal sealed class MediaReceiveThread : IDisposable
{
    private const int MaxEvents = 128;
    private const ulong WakeToken = ulong.MaxValue;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(MediaLegLimits.BufferSize, pinned: true);
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private MediaLegSocket?[] _slots = new MediaLegSocket?[64];
    private int[] _generations = new int[64];
    private int _used;
    private int _count;
    private volatile bool _stopping;
    private bool _disposed;
    private bool _closed;

    private MediaReceiveThread(int epoll, int wake, string name, ILogger logger)
    {
        _epoll = epoll;
        _wake = wake;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>Sockets registered on this thread.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the thread still runs (it stops when disposed or when epoll_wait fails).</summary>
    public bool IsRunning => !_stopping;

    /// <summary>Whether the caller is this receive thread.</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Creates and starts a thread; null (logged) when the epoll set or the wake event cannot be created.</summary>
    /// <param name="name">The thread's name.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The running thread, or null.</returns>
    public static MediaReceiveThread? TryStart(string name, ILogger logger)
    {
        var epoll = EpollInterop.Create();
        if (epoll < 0)
        {
            MediaLegLog.ReceiveThreadUnavailable(logger, "epoll_create1", Marshal.GetLastPInvokeError());
            return null;
        }

        var wake = EpollInterop.CreateWakeEvent();
        if (wake < 0 || EpollInterop.Add(epoll, wake, WakeToken) != 0)
        {
            MediaLegLog.ReceiveThreadUnavailable(logger, "eventfd", Marshal.GetLastPInvokeError());
            if (wake >= 0) EpollInterop.CloseDescriptor(wake);
            EpollInterop.CloseDescriptor(epoll);
            return null;
        }

        var thread = new MediaReceiveThread(epoll, wake, name, logger);
        thread._thread.Start();
        return thread;
    }

    /// <summary>Adds a socket (made non-blocking) to this thread's set.</summary>
    /// <param name="socket">The socket.</param>
    /// <returns>False when the kernel refused it (the caller falls back to an async loop).</returns>
    public bool TryAdd(MediaLegSocket socket)
    {
        int slot, generation;
        lock (_slotsLock)
        {
            if (_stopping) return false;
            if (!_freeSlots.TryPop(out slot))
            {
                if (_used == _slots.Length)
                {
                    // Grow by copying: the loop reads the array reference once per event, so it sees either array.
                    var slots = new MediaLegSocket?[_slots.Length * 2];
                    Array.Copy(_slots, slots, _slots.Length);
                    Array.Resize(ref _generations, slots.Length);
                    Volatile.Write(ref _slots, slots);
                }

                slot = _used++;
            }

            generation = ++_generations[slot];
            socket.SetRegistration(this, slot, generation);
            Volatile.Write(ref _slots[slot], socket);
        }

        socket.Socket.Blocking = false;
        if (EpollInterop.Add(_epoll, socket.Descriptor, ((ulong)(uint)generation << 32) | (uint)slot) != 0)
        {
            MediaLegLog.ReceiveThreadRefused(_logger, socket.LocalEndPoint.ToString(), Marshal.GetLastPInvokeError());
            Release(slot, socket);
            socket.ClearRegistration(this);
            socket.Socket.Blocking = true;
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    /// <summary>Removes a socket from the set; its events still in flight are ignored from now on.</summary>
    /// <param name="socket">The socket (still open).</param>
    /// <param name="slot">Its slot.</param>
    public void Remove(MediaLegSocket socket, int slot)
    {
        lock (_slotsLock)
        {
            // Once disposed, the epoll descriptor is closed (its number may belong to another file by now).
            if (!_closed) _ = EpollInterop.Remove(_epoll, socket.Descriptor);
        }

        if (Release(slot, socket)) Interlocked.Decrement(ref _count);
    }

    /// <summary>Stops the thread and closes the epoll set. Sockets still registered stop receiving.</summary>
    public void Dispose()
    {
        lock (_slotsLock)
        {
            if (_disposed) return;
            _disposed = true;
            _stopping = true;
        }

        EpollInterop.Signal(_wake);
        if (Thread.CurrentThread != _thread) _thread.Join();
        lock (_slotsLock) _closed = true;
        EpollInterop.CloseDescriptor(_wake);
        EpollInterop.CloseDescriptor(_epoll);
    }

    private void MoveEverySocketToAsyncLoops()
    {
        var sockets = new List<MediaLegSocket>();
        lock (_slotsLock)
        {
            foreach (var socket in _slots)
            {
                if (socket is not null) sockets.Add(socket);
            }
        }

        foreach (var socket in sockets) socket.MoveToAsyncLoop();
    }

    private bool Release(int slot, MediaLegSocket socket)
    {
        lock (_slotsLock)
        {
            if (!ReferenceEquals(_slots[slot], socket)) return false;
            Volatile.Write(ref _slots[slot], null);
            _freeSlots.Push(slot);
            return true;
        }
    }

    private unsafe void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EpollInterop.EventSize));
        try
        {
            while (!_stopping)
            {
                var count = EpollInterop.Wait(_epoll, events, MaxEvents);
                if (count < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error == EpollInterop.ErrorInterrupted) continue;
                    if (!_stopping)
                    {
                        MediaLegLog.ReceiveThreadFailed(_logger, _thread.Name ?? "", error);
                        _stopping = true;
                        MoveEverySocketToAsyncLoops();
                    }

                    return;
                }

                for (var i = 0; i < count; i++)
                {
                    var data = EpollInterop.ReadData(events, i);
                    if (data == WakeToken) continue;
                    var slots = Volatile.Read(ref _slots);
                    var slot = (int)(uint)data;
                    if ((uint)slot >= (uint)slots.Length) continue;
                    var socket = Volatile.Read(ref slots[slot]);
                    if (socket is null || socket.Generation != (int)(data >> 32)) continue;
                    socket.ReceiveReady(_buffer);
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }
}

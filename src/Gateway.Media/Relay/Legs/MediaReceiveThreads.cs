using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// The relay's dedicated receive threads, as rtpengine runs its packet path (<c>--num-threads</c>): each leg socket is
/// given to the thread with the fewest sockets, which waits on its epoll set and handles every datagram on itself —
/// no thread-pool hop, task or allocation per datagram, so an embedding host gets the same packet cost as the
/// standalone daemon. Linux (x86-64, arm64) only: elsewhere, or when the threads cannot be created, <see cref="Count"/>
/// is 0 and every socket gets an async receive loop instead.
/// </summary>
internal sealed class MediaReceiveThreads : IDisposable
{
    private readonly MediaReceiveThread[] _threads;

    private MediaReceiveThreads(MediaReceiveThread[] threads) => _threads = threads;

    /// <summary>The threads running.</summary>
    public int Count => _threads.Length;

    /// <summary>Sockets registered on the threads.</summary>
    public int SocketCount
    {
        get
        {
            var total = 0;
            foreach (var thread in _threads) total += thread.Count;
            return total;
        }
    }

    /// <summary>Sockets registered on each thread (diagnostics and tests).</summary>
    public int[] SocketCountsPerThread()
    {
        var counts = new int[_threads.Length];
        for (var i = 0; i < counts.Length; i++) counts[i] = _threads[i].Count;
        return counts;
    }

    /// <summary>Starts the threads.</summary>
    /// <param name="requested">How many; 0 = one per processor.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The threads (none when the platform has no epoll or it failed; logged).</returns>
    public static MediaReceiveThreads Start(int requested, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requested);
        ArgumentNullException.ThrowIfNull(logger);
        if (!EpollInterop.IsSupported) return new MediaReceiveThreads([]);
        var count = requested == 0 ? Environment.ProcessorCount : requested;
        var threads = new List<MediaReceiveThread>(count);
        for (var i = 0; i < count; i++)
        {
            if (MediaReceiveThread.TryStart("media-rx-" + i, logger) is not { } thread) break;
            threads.Add(thread);
        }

        return new MediaReceiveThreads([.. threads]);
    }

    /// <summary>
    /// Gives a socket to the thread of <paramref name="companion"/> (the other socket of the same leg, so a leg's RTP
    /// and RTCP share a thread and legs, not sockets, are spread) when it runs, else to the running thread with the
    /// fewest sockets.
    /// </summary>
    /// <param name="socket">The socket.</param>
    /// <param name="companion">The thread already holding the leg's other socket, or null.</param>
    /// <returns>False when no thread took it (the socket needs an async loop).</returns>
    public bool TryRegister(MediaLegSocket socket, MediaReceiveThread? companion = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (companion is { IsRunning: true } && companion.TryAdd(socket)) return true;
        MediaReceiveThread? best = null;
        foreach (var thread in _threads)
        {
            if (thread.IsRunning && (best is null || thread.Count < best.Count)) best = thread;
        }

        return best is not null && best.TryAdd(socket);
    }

    /// <summary>Stops every thread (sockets still registered stop receiving; legs are normally closed first).</summary>
    public void Dispose()
    {
        foreach (var thread in _threads) thread.Dispose();
    }
}

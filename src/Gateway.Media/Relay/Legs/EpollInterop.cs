using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// The few Linux calls the receive threads need (epoll(7), eventfd(2)), from the C library. An epoll_event is packed
/// (12 bytes, data at offset 4) on x86-64 and naturally aligned (16 bytes, data at offset 8) on arm64; the events
/// buffer is read with <see cref="EventSize"/> and <see cref="DataOffset"/> so one declaration serves both.
/// </summary>
internal static partial class EpollInterop
{
    /// <summary>EPOLL_CTL_ADD.</summary>
    public const int ControlAdd = 1;

    /// <summary>EPOLL_CTL_DEL.</summary>
    public const int ControlDelete = 2;

    /// <summary>EPOLLIN: readable.</summary>
    public const uint EventIn = 0x001;

    /// <summary>EINTR: interrupted by a signal, call again.</summary>
    public const int ErrorInterrupted = 4;

    private const string LibC = "libc";
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;

    /// <summary>Whether this process can use the calls (Linux on x86-64 or arm64).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The size of one epoll_event in the events buffer.</summary>
    public static int EventSize { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>The offset of epoll_event.data in one event.</summary>
    public static int DataOffset { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Creates an epoll instance (close-on-exec).</summary>
    /// <returns>Its descriptor, or -1 (see <see cref="Marshal.GetLastPInvokeError"/>).</returns>
    public static int Create() => EpollCreate1(CloseOnExec);

    /// <summary>Creates a non-blocking eventfd (close-on-exec) that wakes a waiting thread when written.</summary>
    /// <returns>Its descriptor, or -1.</returns>
    public static int CreateWakeEvent() => EventFd(0, CloseOnExec | NonBlocking);

    /// <summary>Adds a descriptor to an epoll set, readable events, level-triggered, with <paramref name="data"/> returned by waits.</summary>
    /// <returns>0, or -1.</returns>
    public static unsafe int Add(int epoll, int descriptor, ulong data)
    {
        var ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, EventIn);
        Unsafe.WriteUnaligned(ev + DataOffset, data);
        return EpollCtl(epoll, ControlAdd, descriptor, ev);
    }

    /// <summary>Removes a descriptor from an epoll set.</summary>
    /// <returns>0, or -1.</returns>
    public static unsafe int Remove(int epoll, int descriptor)
    {
        // A non-null event keeps kernels before 2.6.9 happy; it is ignored.
        var ev = stackalloc byte[16];
        return EpollCtl(epoll, ControlDelete, descriptor, ev);
    }

    /// <summary>Waits for events; blocks until at least one arrives (the calling thread is in preemptive mode meanwhile).</summary>
    /// <param name="epoll">The epoll descriptor.</param>
    /// <param name="events">Room for <paramref name="maxEvents"/> events of <see cref="EventSize"/> bytes (pinned).</param>
    /// <param name="maxEvents">The most events returned.</param>
    /// <returns>The number of events, or -1.</returns>
    public static unsafe int Wait(int epoll, byte* events, int maxEvents) => EpollWait(epoll, events, maxEvents, -1);

    /// <summary>Reads epoll_event.data of event <paramref name="index"/>.</summary>
    public static unsafe ulong ReadData(byte* events, int index) => Unsafe.ReadUnaligned<ulong>(events + (index * EventSize) + DataOffset);

    /// <summary>Makes an eventfd readable (wakes the thread waiting on a set that holds it).</summary>
    public static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        _ = Write(eventFd, &one, sizeof(ulong));
    }

    /// <summary>Closes a descriptor.</summary>
    public static void CloseDescriptor(int descriptor) => _ = Close(descriptor);

    [LibraryImport(LibC, EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport(LibC, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static unsafe partial int EpollCtl(int epoll, int operation, int descriptor, byte* ev);

    [LibraryImport(LibC, EntryPoint = "epoll_wait", SetLastError = true)]
    private static unsafe partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);

    [LibraryImport(LibC, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int descriptor, void* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

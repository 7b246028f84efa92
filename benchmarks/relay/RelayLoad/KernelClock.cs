using System.Net.Sockets;
using System.Runtime.InteropServices;

/// <summary>
/// Wall-clock nanoseconds on both ends of a packet's trip: <see cref="Now"/> (CLOCK_REALTIME, read just before the
/// send) and <see cref="LastReceived"/> (the kernel's receive time stamp of the last datagram read from a socket,
/// SIOCGSTAMPNS). Their difference is the trip through the relay without the generator's own wake-up and scheduling
/// delay on the receiving side.
/// </summary>
internal static partial class KernelClock
{
    private const nuint SiocGStampNs = 0x8907;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Nanoseconds since the Unix epoch (CLOCK_REALTIME through DateTime.UtcNow, 100 ns resolution).</summary>
    public static long Now() => (DateTime.UtcNow.Ticks - UnixEpochTicks) * 100;

    /// <summary>The kernel's receive time of the last datagram read from <paramref name="socket"/>, or 0.</summary>
    public static long LastReceived(Socket socket)
    {
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        return IoctlTimespec(fd, SiocGStampNs, out var stamp) == 0 ? (stamp.Seconds * 1_000_000_000) + stamp.Nanoseconds : 0;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlTimespec(int fd, nuint request, out Timespec stamp);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

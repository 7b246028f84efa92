using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Tests.Relay;

/// <summary>Hands each test its own loopback port range (outside rtpengine's default 50000–55000), free when handed out.</summary>
internal static class RelayTestPorts
{
    private static int _next = 21000 + (Environment.ProcessId % 64 * 256);

    /// <summary>A range of <paramref name="size"/> ports starting at an even port, every port bindable right now.</summary>
    public static (int Min, int Max) Range(int size)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Interlocked.Add(ref _next, size + 2) - size - 2;
            start += start & 1;
            if (start + size > 60000)
            {
                Interlocked.Exchange(ref _next, 21000);
                continue;
            }

            if (AllFree(start, size)) return (start, start + size - 1);
        }

        throw new InvalidOperationException("No free loopback port range found for the relay tests.");
    }

    public static bool CanBind(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool AllFree(int start, int size)
    {
        for (var port = start; port < start + size; port++)
        {
            if (!CanBind(port)) return false;
        }

        return true;
    }
}

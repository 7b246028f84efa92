using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadHost;

/// <summary>
/// A closed-loop UDP OPTIONS load, cheaper per message than sipp: <c>sockets</c> client sockets, one thread each, keep
/// <c>window</c> requests in flight and send one more for each 200 received; bounded by time and message count.
/// </summary>
internal static class UdpLoadClient
{
    public static int Run(IPEndPoint target, int sockets, int window, int seconds, long maxMessages)
    {
        long answered = 0;
        long timeouts = 0;
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var threads = new Thread[sockets];
        for (var s = 0; s < sockets; s++)
        {
            var index = s;
            threads[s] = new Thread(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.Connect(target);
                socket.ReceiveTimeout = 1000;
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                var request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"OPTIONS sip:load@{target} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-load-{index};rport\r\nMax-Forwards: 70\r\nFrom: <sip:load@127.0.0.1:{port}>;tag={index}\r\nTo: <sip:load@{target}>\r\nCall-ID: load-{index}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContact: <sip:load@127.0.0.1:{port}>\r\nUser-Agent: LoadHost\r\nContent-Length: 0\r\n\r\n"));
                var buffer = new byte[65_536];
                for (var i = 0; i < window; i++) socket.Send(request);
                while (deadline.Elapsed < limit && Interlocked.Read(ref answered) < maxMessages)
                {
                    int n;
                    try
                    {
                        n = socket.Receive(buffer);
                    }
                    catch (SocketException)
                    {
                        Interlocked.Increment(ref timeouts);
                        for (var i = 0; i < window; i++) socket.Send(request);
                        continue;
                    }

                    if (n > 12 && buffer.AsSpan(8, 3).SequenceEqual("200"u8)) Interlocked.Increment(ref answered);
                    socket.Send(request);
                }
            }) { IsBackground = true };
            threads[s].Start();
        }

        foreach (var thread in threads) thread.Join();
        var elapsed = deadline.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"udp-client: sockets={sockets} window={window} answered={answered} stalls={timeouts} seconds={elapsed:F2} rate={answered / elapsed:F0}/s client_cpu_s={cpu:F2}"));
        return answered > 0 ? 0 : 1;
    }
}

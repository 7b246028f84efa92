using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace LoadHost;

/// <summary>
/// A bounded WS load: <c>connections</c> ClientWebSockets (subprotocol sip), each sending OPTIONS and waiting for its
/// 200 in a loop, for at most <c>seconds</c> and at most <c>maxMessages</c> in all.
/// </summary>
internal static class WebSocketLoadClient
{
    public static async Task<int> RunAsync(Uri uri, int connections, int seconds, long maxMessages)
    {
        var clients = new ClientWebSocket[connections];
        for (var i = 0; i < connections; i++)
        {
            clients[i] = new ClientWebSocket();
            clients[i].Options.AddSubProtocol("sip");
            await clients[i].ConnectAsync(uri, CancellationToken.None).ConfigureAwait(false);
        }

        long answered = 0;
        long failed = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var tasks = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            var client = clients[i];
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var buffer = new byte[4096];
                var n = 0;
                while (!deadline.IsCancellationRequested && Interlocked.Read(ref answered) < maxMessages)
                {
                    var request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"OPTIONS sip:load@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS load{index}.invalid;branch=z9hG4bK{index}x{n}\r\nMax-Forwards: 70\r\nFrom: <sip:load@example.com>;tag={index}\r\nTo: <sip:load@127.0.0.1>\r\nCall-ID: {index}-{n}@load\r\nCSeq: {n + 1} OPTIONS\r\nContent-Length: 0\r\n\r\n"));
                    n++;
                    try
                    {
                        await client.SendAsync(request, WebSocketMessageType.Text, true, deadline.Token).ConfigureAwait(false);
                        var result = await client.ReceiveAsync(buffer, deadline.Token).ConfigureAwait(false);
                        if (result.Count > 12 && buffer.AsSpan(8, 3).SequenceEqual("200"u8)) Interlocked.Increment(ref answered);
                        else Interlocked.Increment(ref failed);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ws-client: connections={connections} answered={answered} failed={failed} seconds={elapsed:F2} rate={answered / elapsed:F0}/s client_cpu_s={cpu:F2}"));
        foreach (var client in clients) client.Abort();
        return failed == 0 && answered > 0 ? 0 : 1;
    }
}

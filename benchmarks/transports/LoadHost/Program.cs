using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gateway.Core.Hosting;
using Gateway.Core.Transport;
using Gateway.Transports;
using LoadHost;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Load host for the transport benchmarks (benchmarks/transports/*.sh):
//   LoadHost server <udp-endpoint> <ws-endpoint> <max-seconds>   serves OPTIONS → 200 until stdin closes or the time is up,
//                                                                then prints messages, CPU seconds and allocations.
//   LoadHost ws-client <ws-uri> <connections> <seconds> <max-messages>
if (args.Length >= 4 && args[0] == "server")
{
    var options = new SipTransportOptions();
    options.Listeners.Add(new SipListenerOptions { Protocol = SipTransportKind.Udp, Address = IPEndPoint.Parse(args[1]).Address.ToString(), Port = IPEndPoint.Parse(args[1]).Port });
    options.Listeners.Add(new SipListenerOptions { Protocol = SipTransportKind.Ws, Address = IPEndPoint.Parse(args[2]).Address.ToString(), Port = IPEndPoint.Parse(args[2]).Port });
    if (args.Length >= 5) options.UdpReceiveLoops = int.Parse(args[4], CultureInfo.InvariantCulture);
    await using var layer = new SipTransportLayer(Options.Create(options), Options.Create(new SipGatewayOptions()), TimeProvider.System, NullLoggerFactory.Instance);
    await layer.StartAsync(new StatelessOptionsHandler());
    Console.WriteLine("ready");

    var process = Process.GetCurrentProcess();
    var cpuStart = process.TotalProcessorTime;
    var allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
    var gen0Start = GC.CollectionCount(0);
    var stopwatch = Stopwatch.StartNew();
    var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
    var until = Task.Delay(TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
    long peak = 0;
    long busyMessages = 0;
    var busySeconds = 0;
    var last = layer.Metrics.MessagesSent;
    while (!stdinClosed.IsCompleted && !until.IsCompleted)
    {
        await Task.WhenAny(stdinClosed, until, Task.Delay(1000));
        var now = layer.Metrics.MessagesSent;
        var delta = now - last;
        last = now;
        peak = Math.Max(peak, delta);
        if (delta > 1000)
        {
            busyMessages += delta;
            busySeconds++;
        }
    }

    var received = layer.Metrics.MessagesReceived;
    var sent = layer.Metrics.MessagesSent;
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedStart;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"server: received={received} answered={sent} wall_s={stopwatch.Elapsed.TotalSeconds:F1} cpu_s={cpu:F2} cpu_us_per_msg={(received == 0 ? 0 : cpu * 1e6 / received):F1} " +
        $"peak_answered_per_s={peak} busy_avg_per_s={(busySeconds == 0 ? 0 : busyMessages / busySeconds)} alloc_bytes_per_msg={(received == 0 ? 0 : (double)allocated / received):F0} gen0={GC.CollectionCount(0) - gen0Start} rejected={layer.Receiver!.Rejected} dropped={layer.Receiver.Dropped}"));
    return 0;
}

if (args.Length >= 5 && args[0] == "ws-client")
{
    return await WebSocketLoadClient.RunAsync(new Uri(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), long.Parse(args[4], CultureInfo.InvariantCulture));
}

if (args.Length >= 6 && args[0] == "udp-client")
{
    return UdpLoadClient.Run(IPEndPoint.Parse(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), long.Parse(args[5], CultureInfo.InvariantCulture));
}

if (args.Length >= 2 && args[0] == "receive-path")
{
    // Where the time goes: Core's receive path (parse, validate, stamp received/rport, handler, response
    // serialisation) on one thread, without sockets.
    var receiver = new SipMessageReceiver(new StatelessOptionsHandler(), Gateway.Core.Parsing.SipParserOptions.Default, NullLogger<SipMessageReceiver>.Instance);
    var flow = new NullFlow();
    var datagram = System.Text.Encoding.ASCII.GetBytes(
        "OPTIONS sip:service@127.0.0.1:15060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0;rport\r\n" +
        "From: \"sipp\" <sip:sipp@127.0.0.1:5061>;tag=1SIPpTag1\r\nTo: <sip:service@127.0.0.1:15060>\r\nCall-ID: 1-1@127.0.0.1\r\n" +
        "CSeq: 1 OPTIONS\r\nContact: <sip:sipp@127.0.0.1:5061>\r\nMax-Forwards: 70\r\nAccept: application/sdp\r\nUser-Agent: SIPp\r\nContent-Length: 0\r\n\r\n");
    var iterations = int.Parse(args[1], CultureInfo.InvariantCulture);
    for (var i = 0; i < 50_000; i++) await receiver.ReceiveAsync(flow, datagram.AsSpan().ToArray(), framed: false);
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++) await receiver.ReceiveAsync(flow, datagram.AsSpan().ToArray(), framed: false);
    watch.Stop();
    var totalBytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations;
    var total = watch.Elapsed.TotalMicroseconds / iterations;
    var (parse, parseBytes) = Measure(() => Gateway.Core.Parsing.SipMessageParser.Parse(datagram.AsSpan().ToArray()));
    var (validate, validateBytes) = Measure(() => Gateway.Core.Parsing.SipMessageValidator.Validate(Gateway.Core.Parsing.SipMessageParser.Parse(datagram.AsSpan().ToArray()).Message!));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"receive-path: total {total:F2} us/msg {totalBytes:F0} B/msg; of which parse {parse:F2} us {parseBytes:F0} B, parse+validate {validate:F2} us {validateBytes:F0} B (datagram copy {datagram.Length + 24} B included in each)"));
    return 0;

    (double Micros, double Bytes) Measure(Action action)
    {
        for (var i = 0; i < 20_000; i++) action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) action();
        return (sw.Elapsed.TotalMicroseconds / iterations, (double)(GC.GetAllocatedBytesForCurrentThread() - before) / iterations);
    }
}

Console.Error.WriteLine("usage: LoadHost server <udp ip:port> <ws ip:port> <max-seconds> [udp-receive-loops] | ws-client <ws://…> <connections> <seconds> <max-messages>");
return 2;

using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Gateway.Media.Sdp;

// Drives an ng relay (ours or rtpengine) with N plain<->plain calls: offer/answer over ng, then 172-byte RTP at
// RATE packets/s per direction for SECONDS, send time stamped in the payload; prints sent/received/lost, added
// latency p50/p99 and the relay's CPU time per 100,000 packets (from /proc/PID/stat).
//   RelayLoad --ng 127.0.0.1:22222 --pid 1234 --calls 200 --seconds 20 --rate 50 --name ours
var settings = LoadSettings.Parse(args);
using var client = new NgMediaRelay(new NgClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2) }.AddEndpoint("udp:" + settings.Ng));
const string Flags = "RTP/AVP replace-session-connection replace-origin ICE=remove";
var calls = new LoadCall[settings.Calls];
var run = Guid.NewGuid().ToString("N")[..8];
for (var i = 0; i < calls.Length; i++)
{
    var call = new LoadCall(i, $"load-{run}-{i}");
    var offer = await client.OfferAsync(new MediaRelayRequest(new MediaSessionKey(call.CallId, "a"), Encoding.ASCII.GetBytes(Sdp(call.A)), MediaFlags.Parse(Flags)));
    if (!offer.Succeeded) throw new InvalidOperationException("offer failed: " + offer.ErrorReason);
    var answer = await client.AnswerAsync(new MediaRelayRequest(new MediaSessionKey(call.CallId, "a", "b"), Encoding.ASCII.GetBytes(Sdp(call.B)), MediaFlags.Parse(Flags)));
    if (!answer.Succeeded) throw new InvalidOperationException("answer failed: " + answer.ErrorReason);
    call.BSendsTo = RelayPort(offer.Sdp.Span);
    call.ASendsTo = RelayPort(answer.Sdp.Span);
    calls[i] = call;
}

var histogram = new LatencyHistogram();
using var stop = new CancellationTokenSource();
var receivers = new List<Task>();
foreach (var call in calls)
{
    receivers.Add(Task.Run(() => ReceiveLoop(call.A, histogram, stop.Token)));
    receivers.Add(Task.Run(() => ReceiveLoop(call.B, histogram, stop.Token)));
}

// Warm-up: one packet each way per call (latching), not counted.
foreach (var call in calls)
{
    Send(call.A, call.ASendsTo, 0, 0);
    Send(call.B, call.BSendsTo, 0, 0);
}

await Task.Delay(500);
histogram.Reset();
var cpuBefore = CpuTicks(settings.Pid);
var interval = Stopwatch.Frequency / settings.Rate;
var perCallOffset = interval / calls.Length;
var start = Stopwatch.GetTimestamp();
var end = start + (settings.Seconds * Stopwatch.Frequency);
var next = new long[calls.Length];
for (var i = 0; i < calls.Length; i++) next[i] = start + (i * perCallOffset);
long sent = 0;
var sequence = new ushort[calls.Length];
var senderThread = new Thread(() =>
{
    while (true)
    {
        var now = Stopwatch.GetTimestamp();
        if (now >= end) break;
        for (var i = 0; i < calls.Length; i++)
        {
            if (next[i] > now) continue;
            var seq = ++sequence[i];
            Send(calls[i].A, calls[i].ASendsTo, seq, 0xA0000000u | (uint)i);
            Send(calls[i].B, calls[i].BSendsTo, seq, 0xB0000000u | (uint)i);
            sent += 2;
            next[i] += interval;
        }

        Thread.Sleep(1);
    }
}) { Priority = ThreadPriority.AboveNormal };
senderThread.Start();
senderThread.Join();
await Task.Delay(1000);
var cpuAfter = CpuTicks(settings.Pid);
await stop.CancelAsync();
foreach (var call in calls)
{
    call.A.Dispose();
    call.B.Dispose();
}

await Task.WhenAll(receivers);
var received = histogram.Count;
var cpuSeconds = (cpuAfter - cpuBefore) / 100.0; // USER_HZ
var per100k = sent == 0 ? 0 : cpuSeconds * 100_000 / sent;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT {settings.Name} calls={calls.Length} seconds={settings.Seconds} sent={sent} received={received} lost={sent - received} p50_us={histogram.Percentile(0.50)} p99_us={histogram.Percentile(0.99)} max_us={histogram.Max} relay_cpu_s={cpuSeconds:F2} cpu_s_per_100k={per100k:F4}"));

foreach (var call in calls) await client.DeleteAsync(new MediaSessionKey(call.CallId, "a"));
return 0;

static string Sdp(Socket socket) =>
    $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)socket.LocalEndPoint!).Port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";

static IPEndPoint RelayPort(ReadOnlySpan<byte> sdp)
{
    var parsed = SessionDescription.Parse(sdp);
    var address = IPAddress.Parse(parsed.Media[0].EffectiveConnection!.Address);
    return new IPEndPoint(address, parsed.Media[0].Port);
}

static void Send(Socket socket, IPEndPoint to, ushort sequence, uint ssrc)
{
    Span<byte> packet = stackalloc byte[172];
    packet.Clear();
    packet[0] = 0x80;
    BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
    BinaryPrimitives.WriteUInt32BigEndian(packet[4..], sequence * 160u);
    BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    BinaryPrimitives.WriteInt64BigEndian(packet[12..], Stopwatch.GetTimestamp());
    try
    {
        socket.SendTo(packet, SocketFlags.None, to);
    }
    catch (SocketException)
    {
        // counted as lost
    }
}

static async Task ReceiveLoop(Socket socket, LatencyHistogram histogram, CancellationToken stop)
{
    var buffer = new byte[2048];
    EndPoint any = new IPEndPoint(IPAddress.Any, 0);
    while (!stop.IsCancellationRequested)
    {
        try
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop);
            var now = Stopwatch.GetTimestamp();
            if (result.ReceivedBytes < 20) continue;
            if (BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)) == 0) continue; // warm-up
            var sentAt = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(12));
            histogram.Record((now - sentAt) * 1_000_000 / Stopwatch.Frequency);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            return;
        }
    }
}

static long CpuTicks(int pid)
{
    if (pid <= 0) return 0;
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Gateway.Media.Sdp;
using Gateway.Media.Srtp;

// Drives an ng relay (ours or rtpengine) with N calls: offer/answer over ng, then 172-byte RTP at RATE packets/s per
// direction for WARMUP seconds (not counted) then SECONDS. Modes: plain (RTP/AVP both sides), srtp (side A speaks
// SDES-SRTP AES_CM_128_HMAC_SHA1_80 as RTP/SAVP, side B plain RTP/AVP: the relay decrypts one way and encrypts the
// other), direct (no relay: A and B send
// to each other — the floor of this measurement). The send time (CLOCK_REALTIME) travels in the payload; the
// receive time is the kernel's time stamp of the datagram (SIOCGSTAMPNS), so the generator's own wake-up and
// scheduling on the receiving side is not counted: the latency is the trip through the relay. Prints sent/received/
// lost, latency p50/p99/p99.9/max and the relay's CPU time per 100,000 packets (from /proc/PID/stat); with
// LATENCY_TIMELINE=1 also the worst latency per 100 ms slot that had packets over 1 ms (Timeline.cs).
//   RelayLoad --ng 127.0.0.1:22222 --pid 1234 --calls 200 --seconds 20 --rate 50 --warmup 3 --mode srtp --name ours
var settings = LoadSettings.Parse(args);
const string TowardPlain = "RTP/AVP replace-session-connection replace-origin ICE=remove";
const string TowardSrtp = "RTP/SAVP replace-session-connection replace-origin ICE=remove";
const int PacketSize = 172;
var profile = SrtpProfile.AesCm128HmacSha1Tag80;
var calls = new LoadCall[settings.Calls];
var run = Guid.NewGuid().ToString("N")[..8];
using var client = settings.Direct ? null : new NgMediaRelay(new NgClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2) }.AddEndpoint("udp:" + settings.Ng));
for (var i = 0; i < calls.Length; i++)
{
    var call = new LoadCall(i, $"load-{run}-{i}");
    calls[i] = call;
    if (client is null)
    {
        call.ASendsTo = (IPEndPoint)call.B.LocalEndPoint!;
        call.BSendsTo = (IPEndPoint)call.A.LocalEndPoint!;
        continue;
    }

    var offerSdp = settings.Srtp ? SrtpSdp(call.A, call.AKeySalt) : Sdp(call.A);
    var offer = await client.OfferAsync(new MediaRelayRequest(new MediaSessionKey(call.CallId, "a"), Encoding.ASCII.GetBytes(offerSdp), MediaFlags.Parse(TowardPlain)));
    if (!offer.Succeeded) throw new InvalidOperationException("offer failed: " + offer.ErrorReason);
    var answer = await client.AnswerAsync(new MediaRelayRequest(new MediaSessionKey(call.CallId, "a", "b"), Encoding.ASCII.GetBytes(Sdp(call.B)), MediaFlags.Parse(settings.Srtp ? TowardSrtp : TowardPlain)));
    if (!answer.Succeeded) throw new InvalidOperationException("answer failed: " + answer.ErrorReason);
    call.BSendsTo = RelayPort(offer.Sdp.Span);
    call.ASendsTo = RelayPort(answer.Sdp.Span);
    if (settings.Srtp)
    {
        var relayKey = RelayKeySalt(answer.Sdp.Span, profile.Name);
        call.AProtect = new SrtpContext(profile, call.AKeySalt.AsSpan(0, 16), call.AKeySalt.AsSpan(16, 14), SrtpDirection.Protect);
        call.AUnprotect = new SrtpContext(profile, relayKey.AsSpan(0, 16), relayKey.AsSpan(16, 14), SrtpDirection.Unprotect);
    }
}

var histogram = new LatencyHistogram();
long authFailures = 0;
using var stop = new CancellationTokenSource();
var receivers = new List<Task>();
foreach (var call in calls)
{
    receivers.Add(Task.Run(() => ReceiveLoop(call.A, call.AUnprotect, histogram, () => Interlocked.Increment(ref authFailures), stop.Token)));
    receivers.Add(Task.Run(() => ReceiveLoop(call.B, null, histogram, () => Interlocked.Increment(ref authFailures), stop.Token)));
}

// First packets: one each way per call (latching, kernel time stamps switched on), not counted.
foreach (var call in calls)
{
    Send(call.A, call.ASendsTo, call.AProtect, 0, 0xA0000000u | (uint)call.Index);
    Send(call.B, call.BSendsTo, null, 0, 0xB0000000u | (uint)call.Index);
}

await Task.Delay(500);

// The load runs WARMUP seconds before the measured SECONDS (both relays get the same: JIT tiering and caches settle).
var interval = Stopwatch.Frequency / settings.Rate;
var perCallOffset = interval / calls.Length;
var start = Stopwatch.GetTimestamp();
var measureFrom = start + (settings.Warmup * Stopwatch.Frequency);
var end = measureFrom + (settings.Seconds * Stopwatch.Frequency);
var next = new long[calls.Length];
for (var i = 0; i < calls.Length; i++) next[i] = start + (i * perCallOffset);
long sent = 0;
var sequence = new ushort[calls.Length];
var senderThread = new Thread(() =>
{
    var measuring = settings.Warmup == 0;
    while (true)
    {
        var now = Stopwatch.GetTimestamp();
        if (now >= end) break;
        if (!measuring && now >= measureFrom)
        {
            measuring = true;
            Volatile.Write(ref sent, 0);
        }

        for (var i = 0; i < calls.Length; i++)
        {
            if (next[i] > now) continue;
            var seq = ++sequence[i];
            Send(calls[i].A, calls[i].ASendsTo, calls[i].AProtect, seq, 0xA0000000u | (uint)i, measuring);
            Send(calls[i].B, calls[i].BSendsTo, null, seq, 0xB0000000u | (uint)i, measuring);
            sent += 2;
            next[i] += interval;
        }

        Thread.Sleep(1);
    }
}) { Priority = ThreadPriority.AboveNormal };
senderThread.Start();
var untilMeasuring = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom);
if (untilMeasuring > TimeSpan.Zero) await Task.Delay(untilMeasuring);

// Nothing to reset: warm-up packets carry a flag that keeps them out of the histogram (resetting here would race
// with the first measured packets). Authentication failures are counted over the whole run.
var cpuBefore = CpuTicks(settings.Pid);
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
    $"RESULT {settings.Name} mode={settings.Mode} calls={calls.Length} seconds={settings.Seconds} warmup={settings.Warmup} sent={sent} received={received} lost={sent - received} auth_failures={Interlocked.Read(ref authFailures)} p50_us={histogram.Percentile(0.50)} p99_us={histogram.Percentile(0.99)} p999_us={histogram.Percentile(0.999)} max_us={histogram.Max} relay_cpu_s={cpuSeconds:F2} cpu_s_per_100k={per100k:F4}"));

if (Environment.GetEnvironmentVariable("LATENCY_TIMELINE") == "1") Timeline.Print();

if (client is not null)
{
    foreach (var call in calls) await client.DeleteAsync(new MediaSessionKey(call.CallId, "a"));
}

foreach (var call in calls) call.Dispose();
return 0;

static string Sdp(Socket socket) =>
    $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)socket.LocalEndPoint!).Port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";

static string SrtpSdp(Socket socket, byte[] keySalt) =>
    $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)socket.LocalEndPoint!).Port} RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Convert.ToBase64String(keySalt)}\r\na=ptime:20\r\na=sendrecv\r\n";

static IPEndPoint RelayPort(ReadOnlySpan<byte> sdp)
{
    var parsed = SessionDescription.Parse(sdp);
    var address = IPAddress.Parse(parsed.Media[0].EffectiveConnection!.Address);
    return new IPEndPoint(address, parsed.Media[0].Port);
}

static byte[] RelayKeySalt(ReadOnlySpan<byte> sdp, string suite)
{
    var parsed = SessionDescription.Parse(sdp);
    foreach (var crypto in parsed.Media[0].Cryptos)
    {
        if (crypto.Suite == suite && crypto.Keys.Count > 0 && crypto.Keys[0].TryGetKeySalt(out var keySalt)) return keySalt;
    }

    throw new InvalidOperationException("the relay's answer has no a=crypto " + suite + ":\n" + Encoding.ASCII.GetString(sdp));
}

static void Send(Socket socket, IPEndPoint to, SrtpContext? protect, ushort sequence, uint ssrc, bool counted = false)
{
    Span<byte> packet = stackalloc byte[PacketSize + 32];
    packet.Clear();
    packet[0] = 0x80;
    BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
    BinaryPrimitives.WriteUInt32BigEndian(packet[4..], sequence * 160u);
    BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    var length = PacketSize;
    packet[20] = counted ? (byte)1 : (byte)0;
    BinaryPrimitives.WriteInt64BigEndian(packet[12..], KernelClock.Now());
    if (protect is not null && !protect.TryProtectRtp(packet, PacketSize, out length)) return; // counted as lost
    try
    {
        socket.SendTo(packet[..length], SocketFlags.None, to);
    }
    catch (SocketException)
    {
        // counted as lost
    }
}

static async Task ReceiveLoop(Socket socket, SrtpContext? unprotect, LatencyHistogram histogram, Action authFailed, CancellationToken stop)
{
    var buffer = new byte[2048];
    EndPoint any = new IPEndPoint(IPAddress.Any, 0);
    while (!stop.IsCancellationRequested)
    {
        try
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop);
            var arrived = KernelClock.LastReceived(socket);
            var length = result.ReceivedBytes;
            if (unprotect is not null && !unprotect.TryUnprotectRtp(buffer, length, out length))
            {
                authFailed();
                continue;
            }

            if (length < 20) continue;
            if (buffer[20] == 0) continue; // warm-up: not counted
            var sentAt = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(12));
            if (arrived == 0) arrived = KernelClock.Now();
            var micros = (arrived - sentAt) / 1000;
            histogram.Record(micros);
            Timeline.Record(arrived, micros);
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

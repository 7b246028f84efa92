using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace RelayHost;

/// <summary>
/// Wraps the transaction layer to time it: per kind of message, how many were handled, the time spent in the
/// handler on the receive thread (transactions, pipeline, relay and the sends it makes), and how many did not
/// complete synchronously (their continuation ran later on the thread pool) with the time until they did.
/// </summary>
internal sealed class MeasuringHandler(ISipMessageHandler inner) : ISipMessageHandler
{
    private static readonly string[] Kinds = ["INVITE", "ACK", "BYE", "other-request", "1xx", "2xx-INVITE", "2xx-other", "3xx-6xx"];
    private readonly long[] _count = new long[Kinds.Length];
    private readonly long[] _syncTicks = new long[Kinds.Length];
    private readonly long[] _maxSyncTicks = new long[Kinds.Length];
    private readonly long[] _async = new long[Kinds.Length];
    private readonly long[] _asyncTicks = new long[Kinds.Length];
    private readonly long[] _allocated = new long[Kinds.Length];

    public ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
    {
        var kind = KindOf(message);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var pending = inner.OnMessageAsync(flow, message, cancellationToken);
        var elapsed = Stopwatch.GetTimestamp() - start;
        Interlocked.Add(ref _allocated[kind], GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        Interlocked.Increment(ref _count[kind]);
        Interlocked.Add(ref _syncTicks[kind], elapsed);
        var max = Volatile.Read(ref _maxSyncTicks[kind]);
        while (elapsed > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxSyncTicks[kind], elapsed, max);
            if (seen == max) break;
            max = seen;
        }

        if (pending.IsCompletedSuccessfully) return ValueTask.CompletedTask;
        Interlocked.Increment(ref _async[kind]);
        return AwaitAsync(pending, kind, start);
    }

    /// <summary>One line: per kind, count, mean µs and bytes allocated and max ms on the receive thread, and the asynchronous completions.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Kinds.Length; i++)
        {
            var n = Interlocked.Read(ref _count[i]);
            if (n == 0) continue;
            var async = Interlocked.Read(ref _async[i]);
            text.Append(CultureInfo.InvariantCulture,
                $" {Kinds[i]}:n={n},sync_us={Micros(Interlocked.Read(ref _syncTicks[i])) / n:F1},alloc_B={Interlocked.Read(ref _allocated[i]) / n},max_ms={Micros(Interlocked.Read(ref _maxSyncTicks[i])) / 1000:F1},async={async}");
            if (async > 0) text.Append(CultureInfo.InvariantCulture, $",async_done_ms={Micros(Interlocked.Read(ref _asyncTicks[i])) / async / 1000:F1}");
        }

        return text.ToString();
    }

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static int KindOf(SipMessage message)
    {
        if (message is SipRequest request)
        {
            if (request.Method.IsInvite) return 0;
            if (request.Method.IsAck) return 1;
            return request.Method == SipMethod.Bye ? 2 : 3;
        }

        var response = (SipResponse)message;
        if (response.StatusCode < 200) return 4;
        if (response.StatusCode >= 300) return 7;
        return response.CSeq?.Method == "INVITE" ? 5 : 6;
    }

    private async ValueTask AwaitAsync(ValueTask pending, int kind, long start)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _asyncTicks[kind], Stopwatch.GetTimestamp() - start);
        }
    }
}

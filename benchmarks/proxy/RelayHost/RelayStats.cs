using System.Diagnostics;
using System.Globalization;
using Gateway.Core.Transactions;
using Gateway.Transports;

namespace RelayHost;

/// <summary>The relay's counters in one line: messages in and out, live transactions, CPU, allocations, GCs, handler timings.</summary>
internal sealed class RelayStats(SipTransportLayer transport, SipTransactionLayer transactions, MeasuringHandler handler, GcWatcher gc)
{
    private readonly Process _process = Process.GetCurrentProcess();

    public string FormatLive(string label)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var transactionCount = transactions.ServerTransactionCount + transactions.ClientTransactionCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"live label={label} live_mb={live / 1048576.0:F1} server_tx={transactions.ServerTransactionCount} client_tx={transactions.ClientTransactionCount} live_bytes_per_tx={(transactionCount == 0 ? 0 : live / transactionCount)}");
    }

    public string Format(string label)
    {
        _process.Refresh();
        var metrics = transport.Metrics;
        var receiver = transport.Receiver;
        return string.Create(CultureInfo.InvariantCulture,
            $"stats label={label} received={metrics.MessagesReceived} sent={metrics.MessagesSent} send_failures={metrics.SendFailures} " +
            $"dropped={metrics.DatagramsDropped} rejected={receiver?.Rejected ?? 0} server_tx={transactions.ServerTransactionCount} client_tx={transactions.ClientTransactionCount} " +
            $"cpu_s={_process.TotalProcessorTime.TotalSeconds:F2} alloc_bytes={GC.GetTotalAllocatedBytes(precise: false)} " +
            $"gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} heap_mb={GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:F1} " +
            $"gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F0} {gc.Format()} threads={_process.Threads.Count} handler:{handler.Format()}");
    }
}

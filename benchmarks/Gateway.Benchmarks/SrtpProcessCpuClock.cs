using Perfolizer.Horology;

namespace Gateway.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the process's CPU time (user + kernel, <see cref="Environment.CpuUsage"/>)
/// instead of wall time. On this shared 2-core machine (load averages of 5–35 while colleagues build) a wall clock
/// charges the benchmark for every time slice another process takes; CPU time does not, so per-operation figures
/// stay comparable between runs. It still includes the runtime's own threads (tiering, GC), which is why it is only
/// used with allocation-free benchmarks after warm-up. Resolution is the kernel's (1 µs via getrusage).
/// </summary>
internal sealed class SrtpProcessCpuClock : IClock
{
    public static readonly SrtpProcessCpuClock Instance = new();

    public string Title => "Process CPU time";

    public bool IsAvailable => true;

    public Frequency Frequency => new(TimeSpan.TicksPerSecond);

    public long GetTimestamp() => Environment.CpuUsage.TotalTime.Ticks;
}

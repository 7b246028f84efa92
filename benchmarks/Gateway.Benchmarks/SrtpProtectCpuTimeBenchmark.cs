using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gateway.Benchmarks;

/// <summary>
/// <see cref="SrtpProtectBenchmark"/> measured in process CPU time (<see cref="SrtpProcessCpuClock"/>), in process, with
/// a short job: the figures a loaded machine does not inflate. Run with
/// <c>--filter '*SrtpProtectCpuTime*'</c> (no <c>--job</c>: the job is set here).
/// </summary>
[Config(typeof(CpuTimeConfig))]
public class SrtpProtectCpuTimeBenchmark : SrtpProtectBenchmark
{
    /// <summary>Short job, in-process (so that the clock object is used as is), process-CPU-time clock.</summary>
    private sealed class CpuTimeConfig : ManualConfig
    {
        public CpuTimeConfig()
        {
            AddJob(Job.ShortRun
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithClock(SrtpProcessCpuClock.Instance)
                .WithIterationCount(7)
                .WithId("ShortRun-CpuTime"));
        }
    }
}

using System.Globalization;

namespace RelayHost;

/// <summary>
/// Polls the runtime's GC records every 20 ms and keeps, per kind of collection (ephemeral gen0/gen1, full blocking,
/// background gen2), how many were seen, their total pause and the longest pause: what stalls the receive threads.
/// </summary>
internal sealed class GcWatcher : IDisposable
{
    private static readonly GCKind[] Watched = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];
    private readonly long[] _lastIndex = new long[Watched.Length];
    private readonly long[] _count = new long[Watched.Length];
    private readonly double[] _pauseMs = new double[Watched.Length];
    private readonly double[] _maxPauseMs = new double[Watched.Length];
    private readonly Lock _gate = new();
    private readonly Timer _timer;

    public GcWatcher() => _timer = new Timer(_ => Poll(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

    /// <summary>"ephemeral=n/total ms/max ms full=… background=…".</summary>
    public string Format()
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"gc_ephemeral={_count[0]}/{_pauseMs[0]:F0}ms/max{_maxPauseMs[0]:F0}ms gc_full_blocking={_count[1]}/{_pauseMs[1]:F0}ms/max{_maxPauseMs[1]:F0}ms gc_background={_count[2]}/{_pauseMs[2]:F0}ms/max{_maxPauseMs[2]:F0}ms");
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Poll()
    {
        lock (_gate)
        {
            for (var i = 0; i < Watched.Length; i++)
            {
                var info = GC.GetGCMemoryInfo(Watched[i]);
                if (info.Index == 0 || info.Index == _lastIndex[i]) continue;
                _lastIndex[i] = info.Index;
                _count[i]++;
                double pause = 0;
                foreach (var p in info.PauseDurations) pause += p.TotalMilliseconds;
                _pauseMs[i] += pause;
                if (pause > _maxPauseMs[i]) _maxPauseMs[i] = pause;
            }
        }
    }
}

/// <summary>Latencies in whole microseconds, 1 µs buckets up to 1 s (beyond lands in the last), thread-safe.</summary>
internal sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[1_000_001];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long Max => Interlocked.Read(ref _max);

    public void Record(long microseconds)
    {
        var bucket = (int)Math.Clamp(microseconds, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        long max;
        while (microseconds > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, microseconds, max) != max)
        {
        }
    }

    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _max, 0);
    }

    public long Percentile(double fraction)
    {
        var target = (long)Math.Ceiling(Count * fraction);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= target && target > 0) return i;
        }

        return 0;
    }
}

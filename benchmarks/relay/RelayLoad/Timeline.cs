using System.Globalization;

/// <summary>
/// Worst latency and count of packets over 1 ms per 100 ms slot of the run (LATENCY_TIMELINE=1 prints it): tells a
/// few long stalls from a tail spread over the whole run.
/// </summary>
internal static class Timeline
{
    private const int Slots = 600;
    private static readonly long[] Worst = new long[Slots];
    private static readonly long[] OverOneMs = new long[Slots];
    private static long _origin;

    public static void Record(long arrivedNanoseconds, long micros)
    {
        if (_origin == 0) Interlocked.CompareExchange(ref _origin, arrivedNanoseconds, 0);
        var slot = (int)((arrivedNanoseconds - _origin) / 100_000_000);
        if ((uint)slot >= Slots) return;
        if (micros > 1000) Interlocked.Increment(ref OverOneMs[slot]);
        long worst;
        while (micros > (worst = Interlocked.Read(ref Worst[slot])) && Interlocked.CompareExchange(ref Worst[slot], micros, worst) != worst)
        {
        }
    }

    public static void Print()
    {
        for (var i = 0; i < Slots; i++)
        {
            if (OverOneMs[i] > 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TIMELINE t={i / 10.0:F1}s worst_us={Worst[i]} over_1ms={OverOneMs[i]}"));
        }
    }
}

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// Bytes allocated by the process over rounds of a packet exchange, after a warm-up: the allocation tests' measuring
/// loop. The counter is process-wide, so callers take the quietest round.
/// </summary>
internal static class AllocationRounds
{
    /// <summary>Runs <paramref name="exchange"/>(first sequence, count) for the warm-up, then once per round, on a pool thread.</summary>
    public static Task<long[]> MeasureAsync(Action<int, int> exchange, int warmUp, int rounds, int measured) => Task.Run(() =>
    {
        exchange(1, warmUp);
        var totals = new long[rounds];
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            exchange(warmUp + 1 + (round * measured), measured);
            totals[round] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        return totals;
    });
}

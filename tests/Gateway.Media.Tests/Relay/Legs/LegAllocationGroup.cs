namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>Allocation measurements read the process-wide counter: they run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(LegAllocationGroup), DisableParallelization = true)]
public sealed class LegAllocationGroup
{
}

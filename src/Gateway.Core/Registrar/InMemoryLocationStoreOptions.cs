namespace Gateway.Core.Registrar;

/// <summary>Settings of <see cref="InMemoryLocationStore"/>.</summary>
public sealed class InMemoryLocationStoreOptions
{
    /// <summary>
    /// The most bindings the store holds, all AORs together (default 1,000,000, a few hundred MB). A REGISTER that
    /// would add more is refused; the registrar answers 503 with Retry-After.
    /// </summary>
    public long MaxBindings { get; set; } = 1_000_000;

    /// <summary>
    /// How often expired bindings are deleted (default 30 s). Reads never return expired bindings whatever the
    /// interval; the sweep only gives their memory back. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is invalid.</summary>
    public void Validate()
    {
        if (MaxBindings < 1) throw new InvalidOperationException("InMemoryLocationStoreOptions.MaxBindings must be at least 1.");
        if (SweepInterval <= TimeSpan.Zero && SweepInterval != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException("InMemoryLocationStoreOptions.SweepInterval must be positive (or infinite to turn the sweep off).");
        }
    }
}

namespace Gateway.Core.Registrar;

/// <summary>The outcome of writing bindings to an <see cref="ILocationStore"/>.</summary>
public enum LocationSaveStatus
{
    /// <summary>The bindings were stored.</summary>
    Saved,

    /// <summary>
    /// Nothing was stored: the AOR changed since it was read (another REGISTER won). Read it again and retry.
    /// </summary>
    Conflict,

    /// <summary>Nothing was stored: the store holds as many bindings as it may (the registrar answers 503).</summary>
    StoreFull,
}

namespace Gateway.Core.Registrar;

/// <summary>
/// The bindings of one address-of-record as read from an <see cref="ILocationStore"/>, with the version to pass
/// back to <see cref="ILocationStore.SaveAsync"/> so that concurrent REGISTERs for the same AOR cannot overwrite
/// each other (optimistic concurrency: a shared store can implement it with a row version or a compare-and-set).
/// </summary>
public sealed class SipLocationRecord
{
    private static readonly SipBinding[] None = [];

    /// <summary>Creates a record.</summary>
    /// <param name="aor">The normalised address-of-record.</param>
    /// <param name="bindings">Its unexpired bindings (not copied; do not change the list afterwards).</param>
    /// <param name="version">Its version; 0 when the AOR has no bindings stored.</param>
    public SipLocationRecord(string aor, IReadOnlyList<SipBinding> bindings, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        ArgumentNullException.ThrowIfNull(bindings);
        Aor = aor;
        Bindings = bindings;
        Version = version;
    }

    /// <summary>The normalised address-of-record.</summary>
    public string Aor { get; }

    /// <summary>The unexpired bindings, in the order the store keeps them.</summary>
    public IReadOnlyList<SipBinding> Bindings { get; }

    /// <summary>An opaque version; 0 when nothing is stored for the AOR.</summary>
    public long Version { get; }

    /// <summary>A record for an AOR with nothing stored (version 0).</summary>
    /// <param name="aor">The normalised address-of-record.</param>
    public static SipLocationRecord Empty(string aor) => new(aor, None, 0);
}

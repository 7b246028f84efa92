namespace Gateway.Core.Registrar;

/// <summary>
/// The location service (RFC 3261 §10.3, OpenSIPS' <c>usrloc</c>): bindings of addresses-of-record to contacts.
/// <see cref="InMemoryLocationStore"/> is the embedded default; register another implementation to share the
/// bindings between several gateway nodes serving one domain.
/// </summary>
/// <remarks>
/// <para>Contract for implementers:</para>
/// <list type="bullet">
/// <item>Keys are normalised AOR strings (<see cref="SipAddressOfRecord"/>); bindings are plain values. Nothing may
/// depend on object identity: a binding read back may be another instance with equal values.</item>
/// <item><see cref="SaveAsync"/> replaces all bindings of one AOR at once and only if its version is still the one
/// read by <see cref="GetAsync"/>; that is what makes a REGISTER atomic (RFC 3261 §10.3 step 7: all or none of
/// its changes become visible) without a lock held across the registrar's work.</item>
/// <item>Reads leave out expired bindings; <see cref="ExpireAsync"/> deletes them.</item>
/// <item>A binding's <see cref="SipBinding.FlowId"/> means something only on the node named by
/// <see cref="SipBinding.NodeId"/>; <see cref="RemoveByFlowAsync"/> is called by that node when the flow closes.</item>
/// <item>Methods may complete synchronously; all are thread-safe.</item>
/// </list>
/// </remarks>
public interface ILocationStore
{
    /// <summary>The unexpired bindings of <paramref name="aor"/> and their version (0 and none when nothing is stored).</summary>
    /// <param name="aor">A normalised address-of-record.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<SipLocationRecord> GetAsync(string aor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every binding of <paramref name="aor"/> with <paramref name="bindings"/> (an empty list removes the
    /// AOR) if its version is still <paramref name="expectedVersion"/>; otherwise stores nothing and returns
    /// <see cref="LocationSaveStatus.Conflict"/>.
    /// </summary>
    /// <param name="aor">A normalised address-of-record; every binding's <see cref="SipBinding.Aor"/> must equal it.</param>
    /// <param name="bindings">The complete new set of bindings; the store may keep the list it is given.</param>
    /// <param name="expectedVersion">The <see cref="SipLocationRecord.Version"/> the change was computed from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<LocationSaveStatus> SaveAsync(string aor, IReadOnlyList<SipBinding> bindings, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="binding"/> to its AOR, or replaces the binding there whose <see cref="SipBinding.Contact"/>
    /// is the same text (ordinal), whatever the version: for provisioning and replication, not for REGISTER.
    /// </summary>
    /// <param name="binding">The binding.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<LocationSaveStatus> UpsertAsync(SipBinding binding, CancellationToken cancellationToken = default);

    /// <summary>Removes the binding of <paramref name="aor"/> whose contact is <paramref name="contact"/> (ordinal text); true if there was one.</summary>
    /// <param name="aor">A normalised address-of-record.</param>
    /// <param name="contact">The <see cref="SipBinding.Contact"/> text.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<bool> RemoveAsync(string aor, string contact, CancellationToken cancellationToken = default);

    /// <summary>Removes every binding of <paramref name="aor"/>; returns how many there were.</summary>
    /// <param name="aor">A normalised address-of-record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<int> RemoveAllAsync(string aor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every binding learned over the flow <paramref name="flowId"/> of node <paramref name="nodeId"/> (the
    /// flow closed, so a client reachable only through it cannot be reached); returns how many were removed.
    /// </summary>
    /// <param name="nodeId">The node that owns the flow (<see cref="SipBinding.NodeId"/>).</param>
    /// <param name="flowId">The flow's <see cref="Transport.SipFlow.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<int> RemoveByFlowAsync(string? nodeId, string flowId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every binding expired at <paramref name="now"/>; returns how many.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every unexpired binding, AOR by AOR, in no particular order. Weakly consistent: changes made while enumerating
    /// may or may not be seen.
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    IAsyncEnumerable<SipBinding> EnumerateAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of bindings stored (expired ones not yet deleted included).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}

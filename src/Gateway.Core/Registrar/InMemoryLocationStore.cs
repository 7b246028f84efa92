using System.Collections;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Registrar;

/// <summary>
/// The embedded location store (OpenSIPS' <c>usrloc</c> with <c>db_mode 0</c>): bindings in memory, lost on restart.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each AOR maps to an immutable snapshot (an array of bindings and a version) that writers replace under a
/// striped lock and readers take without locking, so lookups never wait for registrations.</item>
/// <item>A flow index (flow id → AORs) lets <see cref="RemoveByFlowAsync"/> find the bindings of a closed
/// connection without a scan; it holds references to strings the bindings already own, and changes only when a
/// binding's flow does (not on a refresh over the same flow).</item>
/// <item>Expired bindings are never returned; a sweep on the injected <see cref="TimeProvider"/> deletes them every
/// <see cref="InMemoryLocationStoreOptions.SweepInterval"/>. It skips AORs whose earliest expiry is still ahead
/// without locking them.</item>
/// <item>Memory is bounded by <see cref="InMemoryLocationStoreOptions.MaxBindings"/>: a write that would exceed it
/// returns <see cref="LocationSaveStatus.StoreFull"/>.</item>
/// </list>
/// </remarks>
public sealed partial class InMemoryLocationStore : ILocationStore, IDisposable
{
    private const int LockStripes = 64;
    private static readonly SipBinding[] NoBindings = [];

    private readonly ConcurrentDictionary<string, AorState> _aors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _flows = new(StringComparer.Ordinal);
    private readonly Lock _flowsLock = new();
    private readonly object[] _locks = CreateLocks();
    private readonly TimeProvider _timeProvider;
    private readonly InMemoryLocationStoreOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer? _sweepTimer;
    private long _count;
    private long _version;
    private int _sweeping;

    /// <summary>Creates a store.</summary>
    /// <param name="timeProvider">The clock for expiry and the sweep timer.</param>
    /// <param name="options">Bounds and sweep interval.</param>
    /// <param name="logger">Logs sweeps; optional.</param>
    public InMemoryLocationStore(TimeProvider timeProvider, IOptions<InMemoryLocationStoreOptions> options, ILogger<InMemoryLocationStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _options = options.Value;
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (_options.SweepInterval != Timeout.InfiniteTimeSpan)
        {
            _sweepTimer = timeProvider.CreateTimer(static state => ((InMemoryLocationStore)state!).OnSweepTimer(), this, _options.SweepInterval, _options.SweepInterval);
        }
    }

    /// <summary>The number of bindings stored (expired ones not yet swept included).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The number of AORs with at least one stored binding.</summary>
    public int AorCount => _aors.Count;

    /// <inheritdoc />
    public ValueTask<SipLocationRecord> GetAsync(string aor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        if (!_aors.TryGetValue(aor, out var state)) return ValueTask.FromResult(SipLocationRecord.Empty(aor));
        var now = _timeProvider.GetUtcNow().UtcTicks;
        IReadOnlyList<SipBinding> bindings = state.EarliestExpiryTicks > now
            ? state
            : new ReadOnlyCollection<SipBinding>(WithoutExpired(state.Items, now));
        return ValueTask.FromResult(new SipLocationRecord(aor, bindings, state.Version));
    }

    /// <inheritdoc />
    public ValueTask<LocationSaveStatus> SaveAsync(string aor, IReadOnlyList<SipBinding> bindings, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        ArgumentNullException.ThrowIfNull(bindings);
        var next = bindings.Count == 0 ? NoBindings : new SipBinding[bindings.Count];
        for (var i = 0; i < next.Length; i++)
        {
            var binding = bindings[i] ?? throw new ArgumentException("A binding is null.", nameof(bindings));
            if (!string.Equals(binding.Aor, aor, StringComparison.Ordinal)) throw new ArgumentException("Every binding must belong to the AOR being saved.", nameof(bindings));
            next[i] = binding;
        }

        lock (LockFor(aor))
        {
            _aors.TryGetValue(aor, out var current);
            if ((current?.Version ?? 0) != expectedVersion) return ValueTask.FromResult(LocationSaveStatus.Conflict);
            return ValueTask.FromResult(Replace(aor, current, next));
        }
    }

    /// <inheritdoc />
    public ValueTask<LocationSaveStatus> UpsertAsync(SipBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var aor = binding.Aor;
        lock (LockFor(aor))
        {
            _aors.TryGetValue(aor, out var current);
            var bindings = current?.Items ?? NoBindings;
            var index = IndexOfContact(bindings, binding.Contact);
            SipBinding[] next;
            if (index >= 0)
            {
                next = (SipBinding[])bindings.Clone();
                next[index] = binding;
            }
            else
            {
                next = new SipBinding[bindings.Length + 1];
                bindings.CopyTo(next, 0);
                next[^1] = binding;
            }

            return ValueTask.FromResult(Replace(aor, current, next));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string aor, string contact, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        ArgumentNullException.ThrowIfNull(contact);
        lock (LockFor(aor))
        {
            if (!_aors.TryGetValue(aor, out var current)) return ValueTask.FromResult(false);
            var bindings = current.Items;
            var index = IndexOfContact(bindings, contact);
            if (index < 0) return ValueTask.FromResult(false);
            var next = bindings.Length == 1 ? NoBindings : new SipBinding[bindings.Length - 1];
            Array.Copy(bindings, 0, next, 0, index);
            Array.Copy(bindings, index + 1, next, index, next.Length - index);
            Replace(aor, current, next);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveAllAsync(string aor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        lock (LockFor(aor))
        {
            if (!_aors.TryGetValue(aor, out var current)) return ValueTask.FromResult(0);
            Replace(aor, current, NoBindings);
            return ValueTask.FromResult(current.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveByFlowAsync(string? nodeId, string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowId);
        string? single;
        string[]? many = null;
        lock (_flowsLock)
        {
            if (!_flows.TryGetValue(flowId, out var entry)) return ValueTask.FromResult(0);

            // Copy the set under the lock: registrations on other flows keep editing the index meanwhile.
            single = entry as string;
            if (single is null) many = [.. (HashSet<string>)entry];
        }

        var removed = 0;
        if (single is not null)
        {
            removed += RemoveFlowFrom(single, nodeId, flowId);
        }
        else
        {
            foreach (var aor in many!) removed += RemoveFlowFrom(aor, nodeId, flowId);
        }

        return ValueTask.FromResult(removed);
    }

    /// <inheritdoc />
    public ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Expire(now.UtcTicks, cancellationToken));

    /// <inheritdoc />
    public async IAsyncEnumerable<SipBinding> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        foreach (var pair in _aors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = pair.Value;
            for (var i = 0; i < state.Count; i++)
            {
                var binding = state[i];
                if (binding.ExpiresAtTicks > now) yield return binding;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Count);

    /// <summary>Stops the sweep timer.</summary>
    public void Dispose() => _sweepTimer?.Dispose();

    private static object[] CreateLocks()
    {
        var locks = new object[LockStripes];
        for (var i = 0; i < locks.Length; i++) locks[i] = new object();
        return locks;
    }

    private object LockFor(string aor) => _locks[(StringComparer.Ordinal.GetHashCode(aor) & int.MaxValue) % LockStripes];

    private static int IndexOfContact(SipBinding[] bindings, string contact)
    {
        for (var i = 0; i < bindings.Length; i++)
        {
            if (string.Equals(bindings[i].Contact, contact, StringComparison.Ordinal)) return i;
        }

        return -1;
    }

    private static SipBinding[] WithoutExpired(SipBinding[] bindings, long now)
    {
        var live = 0;
        foreach (var b in bindings)
        {
            if (b.ExpiresAtTicks > now) live++;
        }

        if (live == bindings.Length) return bindings;
        if (live == 0) return NoBindings;
        var result = new SipBinding[live];
        var k = 0;
        foreach (var b in bindings)
        {
            if (b.ExpiresAtTicks > now) result[k++] = b;
        }

        return result;
    }

    // Called with the AOR's lock held: swaps in the new snapshot and keeps the count and the flow index right.
    private LocationSaveStatus Replace(string aor, AorState? current, SipBinding[] next)
    {
        var previous = current?.Items ?? NoBindings;
        var delta = next.Length - previous.Length;
        if (delta > 0 && Interlocked.Add(ref _count, delta) > _options.MaxBindings)
        {
            Interlocked.Add(ref _count, -delta);
            return LocationSaveStatus.StoreFull;
        }

        // Index new flows before the snapshot shows them and unindex old ones after, so that a concurrent
        // RemoveByFlowAsync always finds a binding that is visible.
        foreach (var b in next)
        {
            if (b.FlowId is { } flowId && !UsesFlow(previous, flowId)) IndexFlow(flowId, aor);
        }

        if (next.Length == 0)
        {
            _aors.TryRemove(aor, out _);
        }
        else
        {
            _aors[aor] = new AorState(next, Interlocked.Increment(ref _version));
        }

        if (delta < 0) Interlocked.Add(ref _count, delta);
        foreach (var b in previous)
        {
            if (b.FlowId is { } flowId && !UsesFlow(next, flowId)) UnindexFlow(flowId, aor);
        }

        return LocationSaveStatus.Saved;
    }

    private static bool UsesFlow(SipBinding[] bindings, string flowId)
    {
        foreach (var b in bindings)
        {
            if (string.Equals(b.FlowId, flowId, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    // The index maps a flow id to the one AOR (a string) or the several AORs (a set) with a binding on it: a flow
    // that carries many users (an SBC, a trunk, an office NAT) costs O(1) per registration, not O(users).
    private void IndexFlow(string flowId, string aor)
    {
        lock (_flowsLock)
        {
            if (!_flows.TryGetValue(flowId, out var entry))
            {
                _flows.Add(flowId, aor);
            }
            else if (entry is string single)
            {
                if (!string.Equals(single, aor, StringComparison.Ordinal)) _flows[flowId] = new HashSet<string>(StringComparer.Ordinal) { single, aor };
            }
            else
            {
                ((HashSet<string>)entry).Add(aor);
            }
        }
    }

    private void UnindexFlow(string flowId, string aor)
    {
        lock (_flowsLock)
        {
            if (!_flows.TryGetValue(flowId, out var entry)) return;
            if (entry is string single)
            {
                if (string.Equals(single, aor, StringComparison.Ordinal)) _flows.Remove(flowId);
                return;
            }

            var set = (HashSet<string>)entry;
            if (!set.Remove(aor) || set.Count != 1) return;
            foreach (var only in set) _flows[flowId] = only;
        }
    }

    private int RemoveFlowFrom(string aor, string? nodeId, string flowId)
    {
        lock (LockFor(aor))
        {
            if (!_aors.TryGetValue(aor, out var current)) return 0;
            var bindings = current.Items;
            var keep = 0;
            foreach (var b in bindings)
            {
                if (!IsOnFlow(b, nodeId, flowId)) keep++;
            }

            if (keep == bindings.Length) return 0;
            var next = keep == 0 ? NoBindings : new SipBinding[keep];
            var k = 0;
            foreach (var b in bindings)
            {
                if (!IsOnFlow(b, nodeId, flowId)) next[k++] = b;
            }

            Replace(aor, current, next);
            return bindings.Length - keep;
        }
    }

    private static bool IsOnFlow(SipBinding binding, string? nodeId, string flowId) =>
        string.Equals(binding.FlowId, flowId, StringComparison.Ordinal) && string.Equals(binding.NodeId, nodeId, StringComparison.Ordinal);

    private int Expire(long now, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var pair in _aors)
        {
            if (pair.Value.EarliestExpiryTicks > now) continue;
            cancellationToken.ThrowIfCancellationRequested();
            lock (LockFor(pair.Key))
            {
                if (!_aors.TryGetValue(pair.Key, out var current) || current.EarliestExpiryTicks > now) continue;
                var next = WithoutExpired(current.Items, now);
                removed += current.Count - next.Length;
                Replace(pair.Key, current, next);
            }
        }

        return removed;
    }

    private void OnSweepTimer()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1) return;
        try
        {
            var removed = Expire(_timeProvider.GetUtcNow().UtcTicks, CancellationToken.None);
            if (removed > 0) Log.Swept(_logger, removed, Count);
        }
        catch (Exception e)
        {
            Log.SweepFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    // One AOR's bindings: immutable, replaced as a whole. A single binding (the common case) is held without an array.
    private sealed class AorState : IReadOnlyList<SipBinding>
    {
        private readonly object _items;

        public AorState(SipBinding[] bindings, long version)
        {
            _items = bindings.Length == 1 ? bindings[0] : bindings;
            Version = version;
            var earliest = long.MaxValue;
            foreach (var b in bindings) earliest = Math.Min(earliest, b.ExpiresAtTicks);
            EarliestExpiryTicks = earliest;
        }

        public long Version { get; }

        public long EarliestExpiryTicks { get; }

        public int Count => _items is SipBinding ? 1 : ((SipBinding[])_items).Length;

        /// <summary>The bindings as an array the caller must not change (a new one for a single binding).</summary>
        public SipBinding[] Items => _items as SipBinding[] ?? [(SipBinding)_items];

        public SipBinding this[int index] => _items is SipBinding single
            ? (index == 0 ? single : throw new ArgumentOutOfRangeException(nameof(index)))
            : ((SipBinding[])_items)[index];

        public IEnumerator<SipBinding> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Location sweep deleted {Removed} expired bindings; {Count} remain")]
        public static partial void Swept(ILogger logger, int removed, long count);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "The location sweep failed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}

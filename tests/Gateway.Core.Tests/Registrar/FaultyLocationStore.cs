using Gateway.Core.Registrar;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Registrar;

/// <summary>An in-memory store that can fail reads or report conflicts, to drive the registrar's error paths.</summary>
internal sealed class FaultyLocationStore : ILocationStore
{
    private readonly InMemoryLocationStore _inner = new(new FakeTimeProvider(RegistrarHarness.Start), Options.Create(new InMemoryLocationStoreOptions()));

    public bool FailGets { get; set; }

    public int Conflicts { get; set; }

    public int SaveCalls { get; private set; }

    public ValueTask<SipLocationRecord> GetAsync(string aor, CancellationToken cancellationToken = default) =>
        FailGets ? throw new InvalidOperationException("store down") : _inner.GetAsync(aor, cancellationToken);

    public ValueTask<LocationSaveStatus> SaveAsync(string aor, IReadOnlyList<SipBinding> bindings, long expectedVersion, CancellationToken cancellationToken = default)
    {
        SaveCalls++;
        if (Conflicts > 0)
        {
            Conflicts--;
            return ValueTask.FromResult(LocationSaveStatus.Conflict);
        }

        return _inner.SaveAsync(aor, bindings, expectedVersion, cancellationToken);
    }

    public ValueTask<LocationSaveStatus> UpsertAsync(SipBinding binding, CancellationToken cancellationToken = default) => _inner.UpsertAsync(binding, cancellationToken);

    public ValueTask<bool> RemoveAsync(string aor, string contact, CancellationToken cancellationToken = default) => _inner.RemoveAsync(aor, contact, cancellationToken);

    public ValueTask<int> RemoveAllAsync(string aor, CancellationToken cancellationToken = default) => _inner.RemoveAllAsync(aor, cancellationToken);

    public ValueTask<int> RemoveByFlowAsync(string? nodeId, string flowId, CancellationToken cancellationToken = default) => _inner.RemoveByFlowAsync(nodeId, flowId, cancellationToken);

    public ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => _inner.ExpireAsync(now, cancellationToken);

    public IAsyncEnumerable<SipBinding> EnumerateAsync(CancellationToken cancellationToken = default) => _inner.EnumerateAsync(cancellationToken);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => _inner.CountAsync(cancellationToken);
}

using System.Net;
using Gateway.Core.Registrar;
using Gateway.Core.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Registrar;

public sealed class InMemoryLocationStoreTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (InMemoryLocationStore Store, FakeTimeProvider Time) Create(long maxBindings = 1_000_000, TimeSpan? sweep = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new InMemoryLocationStoreOptions { MaxBindings = maxBindings, SweepInterval = sweep ?? TimeSpan.FromSeconds(30) };
        return (new InMemoryLocationStore(time, Options.Create(options)), time);
    }

    private static SipBinding Binding(string aor, string contact, int seconds = 3600, string? flowId = null, string? nodeId = "node-a") => new()
    {
        Aor = aor,
        Contact = contact,
        ExpiresAt = Start.AddSeconds(seconds),
        UpdatedAt = Start,
        CallId = "call-" + contact,
        FlowId = flowId,
        NodeId = nodeId,
        Received = new SipReceivedAddress(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5060")),
    };

    [Fact]
    public async Task GetAsync_UnknownAor_EmptyWithVersionZero()
    {
        var (store, _) = Create();
        var record = await store.GetAsync("sip:nobody@example.com");

        Assert.Empty(record.Bindings);
        Assert.Equal(0, record.Version);
        Assert.Equal("sip:nobody@example.com", record.Aor);
    }

    [Fact]
    public async Task SaveAsync_ExpectedVersion_SavesAndBumpsVersion()
    {
        var (store, _) = Create();
        const string aor = "sip:alice@example.com";
        Assert.Equal(LocationSaveStatus.Saved, await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.1")], 0));
        var record = await store.GetAsync(aor);
        Assert.Single(record.Bindings);
        Assert.NotEqual(0, record.Version);

        Assert.Equal(LocationSaveStatus.Saved, await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.1"), Binding(aor, "sip:a@192.0.2.2")], record.Version));
        var after = await store.GetAsync(aor);
        Assert.Equal(2, after.Bindings.Count);
        Assert.NotEqual(record.Version, after.Version);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ConflictAndNothingChanged()
    {
        var (store, _) = Create();
        const string aor = "sip:alice@example.com";
        await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.1")], 0);
        var seen = await store.GetAsync(aor);
        await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.2")], seen.Version);

        Assert.Equal(LocationSaveStatus.Conflict, await store.SaveAsync(aor, [], seen.Version));
        Assert.Equal(LocationSaveStatus.Conflict, await store.SaveAsync(aor, [], 0));
        Assert.Equal("sip:a@192.0.2.2", Assert.Single((await store.GetAsync(aor)).Bindings).Contact);
    }

    [Fact]
    public async Task SaveAsync_RemovedAndRecreated_OldVersionStillConflicts()
    {
        var (store, _) = Create();
        const string aor = "sip:alice@example.com";
        await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.1")], 0);
        var seen = await store.GetAsync(aor);
        await store.RemoveAllAsync(aor);
        await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.3")], 0);

        Assert.Equal(LocationSaveStatus.Conflict, await store.SaveAsync(aor, [], seen.Version));
    }

    [Fact]
    public async Task SaveAsync_BindingOfAnotherAor_Throws()
    {
        var (store, _) = Create();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveAsync("sip:alice@example.com", [Binding("sip:bob@example.com", "sip:b@192.0.2.1")], 0));
    }

    [Fact]
    public async Task SaveAsync_EmptyList_RemovesAor()
    {
        var (store, _) = Create();
        const string aor = "sip:alice@example.com";
        await store.SaveAsync(aor, [Binding(aor, "sip:a@192.0.2.1")], 0);
        var seen = await store.GetAsync(aor);

        Assert.Equal(LocationSaveStatus.Saved, await store.SaveAsync(aor, [], seen.Version));
        Assert.Equal(0, store.AorCount);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task SaveAsync_BeyondMaxBindings_StoreFull()
    {
        var (store, _) = Create(maxBindings: 3);
        await store.SaveAsync("sip:a@x", [Binding("sip:a@x", "sip:1@192.0.2.1"), Binding("sip:a@x", "sip:2@192.0.2.1")], 0);

        Assert.Equal(LocationSaveStatus.StoreFull, await store.SaveAsync("sip:b@x", [Binding("sip:b@x", "sip:1@192.0.2.1"), Binding("sip:b@x", "sip:2@192.0.2.1")], 0));
        Assert.Equal(LocationSaveStatus.Saved, await store.UpsertAsync(Binding("sip:c@x", "sip:1@192.0.2.1")));
        Assert.Equal(3, store.Count);
        Assert.Equal(LocationSaveStatus.StoreFull, await store.UpsertAsync(Binding("sip:d@x", "sip:1@192.0.2.1")));

        // Replacing a binding does not grow the store.
        Assert.Equal(LocationSaveStatus.Saved, await store.UpsertAsync(Binding("sip:c@x", "sip:1@192.0.2.1", seconds: 60)));
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task UpsertAsync_SameContactText_Replaces()
    {
        var (store, _) = Create();
        await store.UpsertAsync(Binding("sip:a@x", "sip:1@192.0.2.1", seconds: 60));
        await store.UpsertAsync(Binding("sip:a@x", "sip:1@192.0.2.1", seconds: 120));
        await store.UpsertAsync(Binding("sip:a@x", "sip:2@192.0.2.1"));

        var bindings = (await store.GetAsync("sip:a@x")).Bindings;
        Assert.Equal(2, bindings.Count);
        Assert.Equal(Start.AddSeconds(120), bindings[0].ExpiresAt);
    }

    [Fact]
    public async Task RemoveAsync_AndRemoveAllAsync_RemoveAndCount()
    {
        var (store, _) = Create();
        await store.UpsertAsync(Binding("sip:a@x", "sip:1@192.0.2.1"));
        await store.UpsertAsync(Binding("sip:a@x", "sip:2@192.0.2.1"));
        await store.UpsertAsync(Binding("sip:a@x", "sip:3@192.0.2.1"));

        Assert.True(await store.RemoveAsync("sip:a@x", "sip:2@192.0.2.1"));
        Assert.False(await store.RemoveAsync("sip:a@x", "sip:2@192.0.2.1"));
        Assert.False(await store.RemoveAsync("sip:b@x", "sip:2@192.0.2.1"));
        Assert.Equal(["sip:1@192.0.2.1", "sip:3@192.0.2.1"], (await store.GetAsync("sip:a@x")).Bindings.Select(b => b.Contact));
        Assert.Equal(2, await store.RemoveAllAsync("sip:a@x"));
        Assert.Equal(0, await store.RemoveAllAsync("sip:a@x"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task RemoveByFlowAsync_FlowSharedByAors_RemovesOnlyThatFlowsBindingsOfThatNode()
    {
        var (store, _) = Create();
        await store.UpsertAsync(Binding("sip:a@x", "sip:a1@192.0.2.1", flowId: "ws-1"));
        await store.UpsertAsync(Binding("sip:a@x", "sip:a2@192.0.2.1", flowId: "ws-2"));
        await store.UpsertAsync(Binding("sip:b@x", "sip:b1@192.0.2.1", flowId: "ws-1"));
        await store.UpsertAsync(Binding("sip:c@x", "sip:c1@192.0.2.1", flowId: "ws-1", nodeId: "node-b"));

        Assert.Equal(2, await store.RemoveByFlowAsync("node-a", "ws-1"));

        Assert.Equal("sip:a2@192.0.2.1", Assert.Single((await store.GetAsync("sip:a@x")).Bindings).Contact);
        Assert.Empty((await store.GetAsync("sip:b@x")).Bindings);
        Assert.Single((await store.GetAsync("sip:c@x")).Bindings);
        Assert.Equal(0, await store.RemoveByFlowAsync("node-a", "ws-1"));
        Assert.Equal(1, await store.RemoveByFlowAsync("node-b", "ws-1"));
        Assert.Equal(0, await store.RemoveByFlowAsync("node-a", "unknown"));
    }

    [Fact]
    public async Task RemoveByFlowAsync_BindingMovedToAnotherFlow_OldFlowFindsNothing()
    {
        var (store, _) = Create();
        await store.UpsertAsync(Binding("sip:a@x", "sip:a1@192.0.2.1", flowId: "tcp-1"));
        await store.UpsertAsync(Binding("sip:a@x", "sip:a1@192.0.2.1", flowId: "tcp-2"));

        Assert.Equal(0, await store.RemoveByFlowAsync("node-a", "tcp-1"));
        Assert.Equal(1, await store.RemoveByFlowAsync("node-a", "tcp-2"));
    }

    [Fact]
    public async Task GetAsync_ExpiredBinding_LeftOutBeforeTheSweep()
    {
        var (store, time) = Create(sweep: Timeout.InfiniteTimeSpan);
        await store.UpsertAsync(Binding("sip:a@x", "sip:short@192.0.2.1", seconds: 60));
        await store.UpsertAsync(Binding("sip:a@x", "sip:long@192.0.2.1", seconds: 600));
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal("sip:long@192.0.2.1", Assert.Single((await store.GetAsync("sip:a@x")).Bindings).Contact);
        var all = new List<SipBinding>();
        await foreach (var b in store.EnumerateAsync()) all.Add(b);
        Assert.Single(all);
        Assert.Equal(2, store.Count);

        Assert.Equal(1, await store.ExpireAsync(time.GetUtcNow()));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task SweepTimer_Fires_DeletesExpiredBindingsAndEmptyAors()
    {
        var (store, time) = Create(sweep: TimeSpan.FromSeconds(30));
        await store.UpsertAsync(Binding("sip:a@x", "sip:1@192.0.2.1", seconds: 45, flowId: "tcp-9"));
        await store.UpsertAsync(Binding("sip:b@x", "sip:1@192.0.2.1", seconds: 3600));

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, store.Count);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.AorCount);
        Assert.Equal(0, await store.RemoveByFlowAsync("node-a", "tcp-9"));
        store.Dispose();
    }

    [Fact]
    public async Task EnumerateAsync_AllUnexpiredBindings()
    {
        var (store, _) = Create();
        for (var i = 0; i < 50; i++) await store.UpsertAsync(Binding($"sip:u{i % 10}@x", $"sip:{i}@192.0.2.1"));

        var seen = new HashSet<string>();
        await foreach (var b in store.EnumerateAsync()) seen.Add(b.Contact);

        Assert.Equal(50, seen.Count);
        Assert.Equal(50, await store.CountAsync());
    }

    [Fact]
    public async Task ConcurrentWriters_ManyAorsAndFlows_CountAndIndexStayConsistent()
    {
        var (store, _) = Create();
        var workers = new Task[4];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            workers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    var aor = $"sip:u{i % 100}@x";
                    var flow = $"tcp-{(worker * 7 + i) % 13}";
                    await store.UpsertAsync(Binding(aor, $"sip:{worker}-{i % 5}@192.0.2.1", flowId: flow));
                    if (i % 3 == 0) await store.RemoveAsync(aor, $"sip:{(worker + 1) % 4}-{i % 5}@192.0.2.1");
                    if (i % 250 == 0) await store.RemoveByFlowAsync("node-a", $"tcp-{i % 13}");
                }
            });
        }

        await Task.WhenAll(workers);
        var enumerated = 0;
        await foreach (var _ in store.EnumerateAsync()) enumerated++;
        Assert.Equal(enumerated, store.Count);

        for (var f = 0; f < 13; f++) await store.RemoveByFlowAsync("node-a", $"tcp-{f}");
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.AorCount);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        var time = new FakeTimeProvider(Start);
        Assert.Throws<InvalidOperationException>(() => new InMemoryLocationStore(time, Options.Create(new InMemoryLocationStoreOptions { MaxBindings = 0 })));
        Assert.Throws<InvalidOperationException>(() => new InMemoryLocationStore(time, Options.Create(new InMemoryLocationStoreOptions { SweepInterval = TimeSpan.Zero })));
    }

    [Fact]
    public async Task Memory_100000Bindings_UnderAThousandBytesEach()
    {
        var time = new FakeTimeProvider(Start);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new InMemoryLocationStore(time, Options.Create(new InMemoryLocationStoreOptions { SweepInterval = Timeout.InfiniteTimeSpan }));
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            var aor = $"sip:user{i:D6}@example.com";
            var ip = $"198.51.{i / 250 % 250}.{i % 250 + 1}";
            await store.SaveAsync(aor, [new SipBinding
            {
                Aor = aor,
                Contact = $"sip:user{i:D6}@{ip}:40000;transport=udp",
                ExpiresAt = Start.AddHours(1),
                UpdatedAt = Start,
                CallId = $"{i:x8}-5c7e0d4ea1b94f0b8a2f3d6e9c1b7a55",
                CSeq = 1,
                Received = new SipReceivedAddress(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(ip), 40000)),
                FlowId = $"udp-0-{ip}:40000",
                NodeId = "node-a",
            }], 0);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perBinding = (after - before) / (double)n;
        Assert.Equal(n, store.Count);
        Assert.True(perBinding < 1000, $"{perBinding:F0} bytes per binding");
        GC.KeepAlive(store);
    }
}

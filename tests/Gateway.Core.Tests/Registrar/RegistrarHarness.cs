using Gateway.Core.Messages;
using Gateway.Core.Registrar;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Registrar;

/// <summary>A registrar over an in-memory store, a fake clock and a fake transport.</summary>
internal sealed class RegistrarHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public RegistrarHarness(Action<SipRegistrarOptions>? configure = null, ILocationStore? store = null, long maxBindings = 1_000_000)
    {
        Options = new SipRegistrarOptions { NodeId = "node-a" };
        configure?.Invoke(Options);
        InMemory = new InMemoryLocationStore(Time, Microsoft.Extensions.Options.Options.Create(new InMemoryLocationStoreOptions { MaxBindings = maxBindings }));
        Store = store ?? InMemory;
        Registrar = new SipRegistrar(Store, Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<SipRegistrar>.Instance, Transport);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeSipTransport Transport { get; } = new();

    public SipRegistrarOptions Options { get; }

    public InMemoryLocationStore InMemory { get; }

    public ILocationStore Store { get; }

    public SipRegistrar Registrar { get; }

    public RecordingFlow UdpFlow { get; } = new(SipTransportKind.Udp, "198.51.100.7:40000");

    /// <summary>Saves and returns the response as re-parsed from its bytes.</summary>
    public async Task<SipResponse> SaveAsync(SipRequest register, SipFlow? flow = null, ulong branchFlags = 0)
    {
        var response = await Registrar.SaveAsync(register, flow ?? UdpFlow, branchFlags, (code, reason) => SipResponse.CreateFor(register, code, reason));
        return SipTestMessages.Reparse(response);
    }

    public async Task<IReadOnlyList<SipBinding>> BindingsAsync(string aor = "sip:alice@example.com") => (await Store.GetAsync(aor)).Bindings;

    public void Dispose()
    {
        Registrar.Dispose();
        InMemory.Dispose();
    }
}

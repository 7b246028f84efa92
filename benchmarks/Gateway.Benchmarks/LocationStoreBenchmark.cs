using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Registrar;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Benchmarks;

/// <summary>
/// The location store full of bindings (1,000,000 by default): the memory each binding holds, and the cost of the
/// operations a registrar and a proxy run against it. <see cref="Setup"/> prints the retained bytes per binding
/// (managed heap after a full collection, before and after filling) to the benchmark log.
/// </summary>
/// <remarks>
/// Two shapes of binding: <c>Udp</c>, a SIP phone (contact with its public address, a 40-character Call-ID, a UDP
/// flow id) and <c>WsOutbound</c>, a browser (random <c>.invalid</c> contact, RFC 5626 instance and reg-id, a
/// WebSocket flow id, a User-Agent and an Allow list shared between browsers of one kind). Runs in process: filling
/// the store takes seconds, and the retained-memory figure is measured in the process that holds the store.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class LocationStoreBenchmark : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly string[] BrowserMethods = ["INVITE", "ACK", "CANCEL", "BYE", "UPDATE", "MESSAGE", "OPTIONS", "REFER", "INFO", "NOTIFY"];

    private InMemoryLocationStore _store = null!;
    private SipRegistrar _registrar = null!;
    private SipRequest[] _registers = null!;
    private SipUri _requestUri = null!;
    private BenchFlow _flow = null!;
    private int _next;

    /// <summary>How many bindings the store holds.</summary>
    [Params(1_000_000)]
    public int Bindings { get; set; }

    /// <summary>The shape of binding.</summary>
    [Params("Udp", "WsOutbound")]
    public string Shape { get; set; } = "Udp";

    [GlobalSetup]
    public async Task Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _store = new InMemoryLocationStore(
            TimeProvider.System,
            Options.Create(new InMemoryLocationStoreOptions { MaxBindings = Bindings + 10, SweepInterval = Timeout.InfiniteTimeSpan }));
        var userAgent = "Mozilla/5.0 (X11; Linux x86_64) JsSIP 3.10.1";
        for (var i = 0; i < Bindings; i++) await FillAsync(i, userAgent);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// LocationStore {Shape}: {Bindings:N0} bindings retain {(after - before) / 1048576.0:F1} MiB = {(after - before) / (double)Bindings:F0} bytes per binding"));

        var options = new SipRegistrarOptions { NodeId = "bench-node" };
        _registrar = new SipRegistrar(_store, TimeProvider.System, Options.Create(options), NullLogger<SipRegistrar>.Instance);
        _flow = new BenchFlow();
        _registers = [Register("bench-a"), Register("bench-b")];
        _requestUri = SipUri.Parse("sip:user000500@example.com");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _registrar?.Dispose();
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Store.GetAsync (lookup read)")]
    public async Task<int> Get() => (await _store.GetAsync(AorOf(NextIndex()))).Bindings.Count;

    [Benchmark(Description = "Store.Get+SaveAsync (refresh one binding)")]
    public async Task<LocationSaveStatus> Refresh()
    {
        var aor = AorOf(NextIndex());
        var record = await _store.GetAsync(aor);
        var binding = record.Bindings[0] with { ExpiresAt = Now.AddHours(1), CSeq = record.Bindings[0].CSeq + 1 };
        return await _store.SaveAsync(aor, [binding], record.Version);
    }

    [Benchmark(Description = "SipRegistrar.SaveAsync (REGISTER refresh, 200 OK built)")]
    public async Task<int> RegistrarSave()
    {
        var register = _registers[_next++ & 1];
        return (await _registrar.SaveAsync(register, _flow, 0, (code, reason) => SipResponse.CreateFor(register, code, reason))).StatusCode;
    }

    [Benchmark(Description = "SipRegistrar.LookupAsync (INVITE, method filter)")]
    public async Task<int> RegistrarLookup() => (await _registrar.LookupAsync(_requestUri, SipMethod.Invite)).Count;

    [Benchmark(Description = "Store.ExpireAsync (full sweep, nothing expired)")]
    public async Task<int> Sweep() => await _store.ExpireAsync(Now);

    private int NextIndex()
    {
        _next = (_next + 7919) % Bindings;
        return _next;
    }

    private static string AorOf(int i) => string.Create(CultureInfo.InvariantCulture, $"sip:user{i:D6}@example.com");

    private async Task FillAsync(int i, string userAgent)
    {
        var aor = AorOf(i);
        var ip = string.Create(CultureInfo.InvariantCulture, $"198.51.{i / 250 % 250}.{i % 250 + 1}");
        var port = 1024 + (i % 60000);
        SipBinding binding;
        if (Shape == "Udp")
        {
            binding = new SipBinding
            {
                Aor = aor,
                Contact = string.Create(CultureInfo.InvariantCulture, $"sip:user{i:D6}@{ip}:{port};transport=udp"),
                ExpiresAt = Now.AddHours(1),
                UpdatedAt = Now,
                CallId = string.Create(CultureInfo.InvariantCulture, $"{i:x8}5c7e0d4ea1b94f0b8a2f3d6e9c1b7a55"),
                CSeq = 1,
                Received = new SipReceivedAddress(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(ip), port)),
                FlowId = string.Create(CultureInfo.InvariantCulture, $"udp-0-{ip}:{port}"),
                NodeId = "bench-node",
            };
        }
        else
        {
            binding = new SipBinding
            {
                Aor = aor,
                Contact = string.Create(CultureInfo.InvariantCulture, $"sip:{i:x8}@{i * 31L:x10}.invalid;transport=ws"),
                ExpiresAt = Now.AddHours(1),
                UpdatedAt = Now,
                CallId = string.Create(CultureInfo.InvariantCulture, $"{i:x8}ok1ddr5q2pbuv7kflk9"),
                CSeq = 1,
                Received = new SipReceivedAddress(SipTransportKind.Wss, new IPEndPoint(IPAddress.Parse(ip), port)),
                FlowId = string.Create(CultureInfo.InvariantCulture, $"wss-{i}"),
                NodeId = "bench-node",
                Instance = string.Create(CultureInfo.InvariantCulture, $"<urn:uuid:{i:x8}-7dec-4c4b-9a1e-14a06cf1b2d3>"),
                RegId = 1,
                UserAgent = userAgent,
                Methods = BrowserMethods,
                BranchFlags = 1,
            };
        }

        await _store.SaveAsync(aor, [binding], 0);
    }

    private static SipRequest Register(string callId)
    {
        var text = "REGISTER sip:example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK-" + callId + "\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:user000123@example.com>;tag=f1\r\nTo: <sip:user000123@example.com>\r\n" +
            "Call-ID: " + callId + "\r\nCSeq: 1 REGISTER\r\n" +
            "Contact: <sip:user000123@198.51.100.7:40000;transport=udp>;expires=3600\r\n" +
            "User-Agent: Bench/1.0\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\nContent-Length: 0\r\n\r\n";
        return (SipRequest)SipMessageParser.Parse(Encoding.ASCII.GetBytes(text)).Message!;
    }

    /// <summary>In process, with room for filling a million bindings on a loaded machine.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithWarmupCount(3).WithIterationCount(10));
    }

    private sealed class BenchFlow() : SipFlow("bench-udp-flow", SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.10:5060"), IPEndPoint.Parse("198.51.100.7:40000"))
    {
        public override CancellationToken Closed => CancellationToken.None;

        public override ValueTask<bool> SendAsync(SipMessage message, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public override void Abort()
        {
        }
    }
}

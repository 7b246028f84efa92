using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gateway.Core.Proxy;
using Gateway.Core.Registrar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Load host for benchmarks/registrar/register-load.sh: the tutorial's registrar (save on REGISTER, lookup for the
// rest) on one UDP listener, console log level Warning.
//   RegistrarHost <udp ip:port> <max-seconds> [settle-seconds, default 35]
// Prints "pid=<pid>" and "ready", then serves until stdin closes or the time is up. Each "stats" line read from stdin
// prints "stats: bindings=<n> aors=<n>". On exit it prints the binding count and the managed heap the bindings
// retain: heap after a full collection with the bindings, minus the heap once every binding is removed, per binding.
// Before measuring it waits settle-seconds, so that the REGISTER server transactions (Timer J, 32 s over UDP) are
// gone and only the bindings differ between the two heaps.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: RegistrarHost <udp ip:port> <max-seconds>");
    return 2;
}

var endPoint = IPEndPoint.Parse(args[0]);
var maxSeconds = int.Parse(args[1], CultureInfo.InvariantCulture);
var settleSeconds = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 35;

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSipGateway(o => o.LocalDomains.Add(endPoint.Address.ToString()))
    .AddUdp(endPoint)
    .AddRegistrar(configureStore: s => s.MaxBindings = 2_000_000)
    .UsePipeline(app =>
    {
        app.UseMaxForwards(10);
        app.UseRegistrar();
        app.UseLocationLookup();
    });
using var host = builder.Build();
var store = host.Services.GetRequiredService<ILocationStore>();
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
await host.StartAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pid={Environment.ProcessId}"));
Console.WriteLine("ready");

var stopwatch = Stopwatch.StartNew();
var until = Task.Delay(TimeSpan.FromSeconds(maxSeconds));
var reader = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is { } line)
    {
        if (line == "stats")
        {
            var count = await store.CountAsync();
            var aors = store is InMemoryLocationStore memory ? memory.AorCount : -1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stats: bindings={count} aors={aors}"));
        }
    }
});
await Task.WhenAny(reader, until);
var servedSeconds = stopwatch.Elapsed.TotalSeconds;
await host.StopAsync();
await Task.Delay(TimeSpan.FromSeconds(settleSeconds));

var bindings = await store.CountAsync();
var heapWith = GC.GetTotalMemory(forceFullCollection: true);
var aorList = new HashSet<string>(StringComparer.Ordinal);
await foreach (var binding in store.EnumerateAsync()) aorList.Add(binding.Aor);
foreach (var aor in aorList) await store.RemoveAllAsync(aor);
aorList = null;
var heapWithout = GC.GetTotalMemory(forceFullCollection: true);
var left = await store.CountAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"exit: pid={Environment.ProcessId} bindings={bindings} served_s={servedSeconds:F1} settled_s={settleSeconds} " +
    $"bytes_per_binding={(bindings == 0 ? 0 : (heapWith - heapWithout) / (double)bindings):F0} " +
    $"heap_growth_per_binding={(bindings == 0 ? 0 : (heapWith - heapBefore) / (double)bindings):F0} " +
    $"left_after_remove={left}"));
return 0;

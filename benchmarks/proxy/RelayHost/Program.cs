using System.Globalization;
using System.Net;
using Gateway.Core.Proxy;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Gateway.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelayHost;

// The relay under load for benchmarks/proxy/relay-call-load.sh: a stateful, record-routing proxy on one UDP listener
// that sends every initial INVITE to one UAS, the tutorial's route{} reduced to what a relay needs.
//
//   RelayHost <listen ip:port> <uas ip:port> <max-seconds> [udp-receive-loops] [max-transactions] [t1-ms]
//
// Prints "ready pid=<pid>" once listening. Each line "stats <label>" on stdin prints one "stats label=<label> …" line
// (messages in/out, live transactions, CPU seconds, allocated bytes, GC counts and pauses, and per kind of message the
// time the transaction layer took on the receive thread); it stops when stdin closes or after
// <max-seconds>, whichever comes first. "live <label>" runs a full blocking GC first and prints the bytes still reachable
// per live transaction (what the transactions retain); it stalls the relay, so it is only sent after a load.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: RelayHost <listen ip:port> <uas ip:port> <max-seconds> [udp-receive-loops] [max-transactions] [t1-ms]");
    return 2;
}

var listen = IPEndPoint.Parse(args[0]);
var uas = IPEndPoint.Parse(args[1]);
var maxSeconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var receiveLoops = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var maxTransactions = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : new SipTransactionOptions().MaxTransactions;
var t1 = args.Length > 5 ? TimeSpan.FromMilliseconds(int.Parse(args[5], CultureInfo.InvariantCulture)) : new SipTransactionOptions().T1;
var uasUri = string.Create(CultureInfo.InvariantCulture, $"sip:service@{uas}");

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<SipTransactionOptions>(o =>
{
    o.MaxTransactions = maxTransactions;
    o.T1 = t1;
});

// Registered before AddSipGateway (which only adds its handler when none is registered): times the transaction layer.
builder.Services.AddSingleton(sp => new MeasuringHandler(sp.GetRequiredService<SipTransactionLayer>()));
builder.Services.AddSingleton<ISipMessageHandler>(sp => sp.GetRequiredService<MeasuringHandler>());
builder.Services.AddSipGateway(o => o.LocalDomains.Add(listen.Address.ToString()))
    .AddUdp(listen)
    .AddTransports(o => o.UdpReceiveLoops = receiveLoops)
    .UsePipeline(app =>
    {
        app.UseMaxForwards(10);
        app.UseInDialog();
        app.UseCancel();
        app.UseRecordRoute();
        app.Use((ctx, next) =>
        {
            // A stand-in for lookup("location"): every initial request goes to the one UAS.
            ctx.Targets.Add(new SipForwardTarget(SipUri.Parse(uasUri)));
            return next(ctx);
        });
    });

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
using var gcWatcher = new GcWatcher();
var stats = new RelayStats(host.Services.GetRequiredService<SipTransportLayer>(), host.Services.GetRequiredService<SipTransactionLayer>(), host.Services.GetRequiredService<MeasuringHandler>(), gcWatcher);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready pid={Environment.ProcessId} listen={listen} uas={uas} udp_receive_loops={receiveLoops} max_transactions={maxTransactions} t1_ms={t1.TotalMilliseconds}"));

using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
var commands = Task.Run(() =>
{
    while (Console.ReadLine() is { } line)
    {
        if (line.StartsWith("stats", StringComparison.Ordinal)) Console.WriteLine(stats.Format(line.Length > 6 ? line[6..].Trim() : "-"));
        else if (line.StartsWith("live", StringComparison.Ordinal)) Console.WriteLine(stats.FormatLive(line.Length > 5 ? line[5..].Trim() : "-"));
    }
});
try
{
    await commands.WaitAsync(deadline.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    Console.WriteLine("time limit reached");
}

Console.WriteLine(stats.Format("end"));
await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
return 0;

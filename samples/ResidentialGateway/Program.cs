using Microsoft.Extensions.Hosting;
using ResidentialGateway;

// The residential gateway sample: binds the listeners of appsettings.json (the tutorial's listen= lines) and runs
// the OpenSIPS tutorial's route{} script written against Gateway's pipeline (ResidentialRoute.cs): registrar with
// NAT handling for WebSocket and UDP clients, lookup, record-routing stateful relay; a management endpoint (the
// tutorial's mi_fifo) on http://127.0.0.1:8081. The composition lives in GatewayApplication.cs.
//
//   --exit-after-start            start (binding every socket), log, and stop at once (exit code 0): a smoke test for CI.
//   Gateway__ExitAfterStart=true  the same, from the environment.
var builder = GatewayApplication.CreateBuilder(args);

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);

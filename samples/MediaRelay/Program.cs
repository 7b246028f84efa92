using MediaRelay;
using Microsoft.Extensions.Hosting;

// A standalone media relay daemon speaking rtpengine's ng protocol: Kamailio's or OpenSIPS's rtpengine module (or
// Gateway's own AddRtpEngine client) drives it exactly as it drives rtpengine. The command line takes rtpengine's
// switches (RelayCommandLine.cs); appsettings.json, MediaRelay__* environment variables and --MediaRelay:Key=value
// set the same options. Ctrl+C (or SIGTERM) stops it: the ng socket closes, every session ends, every port is freed.
// Packets are received and relayed on the relay's own receive threads (--num-threads, one per CPU by default), as
// rtpengine does.
if (!RelayCommandLine.TryParse(args, out var switches, out var rest, out var error))
{
    await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(RelayCommandLine.Usage).ConfigureAwait(false);
    return 2;
}

if (switches.ContainsKey(RelayCommandLine.HelpKey))
{
    Console.WriteLine(RelayCommandLine.Usage);
    return 0;
}

var builder = Host.CreateApplicationBuilder(rest);
builder.Configuration.AddRelaySwitches(switches);
builder.Services.AddRelayDaemon(builder.Configuration);

using var host = builder.Build();
try
{
    await host.RunAsync().ConfigureAwait(false);
}
catch (Exception exception) when (exception is Microsoft.Extensions.Options.OptionsValidationException or ArgumentException or FormatException or System.Net.Sockets.SocketException)
{
    await Console.Error.WriteLineAsync("media relay: " + exception.Message).ConfigureAwait(false);
    return 1;
}

return 0;

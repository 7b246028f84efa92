namespace MediaRelay;

/// <summary>
/// rtpengine's command-line switches, read into configuration keys of the <c>MediaRelay</c> section; every other
/// argument is left to .NET's command-line configuration (<c>--MediaRelay:MaxSessions=5000</c>).
/// </summary>
internal static class RelayCommandLine
{
    /// <summary>The key set by <c>-h</c>/<c>--help</c>.</summary>
    public const string HelpKey = "MediaRelay:Help";

    /// <summary>The switches, for <c>--help</c> and errors.</summary>
    public const string Usage = """
        usage: MediaRelay [options]
          -i, --interface ADDR[!ADVERTISED]  address the media sockets bind to; !ADVERTISED is written into SDP instead
          -n, --listen-ng IP:PORT            ng control socket (UDP), default 127.0.0.1:22222
          -m, --port-min PORT                lowest media port (default 50000)
          -M, --port-max PORT                highest media port (default 55000)
              --timeout SECONDS              end a session after this long without media (default 60)
              --num-threads N                packet receive threads (default: one per CPU)
          -f, --foreground                   accepted (the daemon always runs in the foreground)
          -h, --help                         this text
        Any .NET configuration key also works: --MediaRelay:MaxSessions=5000, MediaRelay__MinPort=40000.
        """;

    /// <summary>Splits <paramref name="args"/> into rtpengine switches (as configuration keys) and the rest.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="switches">Configuration keys and values read from rtpengine's switches.</param>
    /// <param name="rest">Arguments left for .NET's configuration.</param>
    /// <param name="error">Why the command line is wrong, when it is.</param>
    /// <returns>Whether the command line was understood.</returns>
    public static bool TryParse(string[] args, out Dictionary<string, string?> switches, out string[] rest, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        switches = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var others = new List<string>();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            string? key = name switch
            {
                "-i" or "--interface" => "interface",
                "-n" or "--listen-ng" => "MediaRelay:ListenNg",
                "-m" or "--port-min" => "MediaRelay:MinPort",
                "-M" or "--port-max" => "MediaRelay:MaxPort",
                "--timeout" => "MediaRelay:TimeoutSeconds",
                "--num-threads" => "MediaRelay:ReceiveThreads",
                "-f" or "--foreground" => string.Empty,
                "-h" or "--help" => HelpKey,
                _ => null,
            };
            if (key is null)
            {
                others.Add(arg);
                continue;
            }

            if (key.Length == 0) continue;
            if (key == HelpKey)
            {
                switches[HelpKey] = "true";
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{name} needs a value.";
                    rest = [];
                    return false;
                }

                value = args[++i];
            }

            if (key == "interface")
            {
                // rtpengine: -i [NAME/]LOCAL[!ADVERTISED]; the logical name is accepted and ignored (one interface).
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && value.IndexOf(':', StringComparison.Ordinal) < 0) value = value[(slash + 1)..];
                var bang = value.IndexOf('!', StringComparison.Ordinal);
                switches["MediaRelay:InterfaceAddress"] = bang < 0 ? value : value[..bang];
                if (bang >= 0) switches["MediaRelay:AdvertisedAddress"] = value[(bang + 1)..];
                continue;
            }

            switches[key] = value;
        }

        rest = [.. others];
        return true;
    }
}

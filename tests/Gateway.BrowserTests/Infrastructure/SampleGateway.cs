using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>
/// The ResidentialGateway sample, run as a process from its own build output exactly as a user runs it, with every
/// listener (SIP and web phone) moved to free loopback ports and its development certificate in a temporary folder.
/// </summary>
internal sealed class SampleGateway : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _folder;

    private SampleGateway(Process process, string folder, int sipPort, int tlsPort, int wsPort, int wssPort, int httpPort, int httpsPort, int managementPort)
    {
        _process = process;
        _folder = folder;
        SipPort = sipPort;
        TlsPort = tlsPort;
        WsPort = wsPort;
        WssPort = wssPort;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        ManagementPort = managementPort;
    }

    /// <summary>The UDP and TCP SIP port.</summary>
    public int SipPort { get; }

    /// <summary>The TLS SIP port.</summary>
    public int TlsPort { get; }

    /// <summary>The WS port.</summary>
    public int WsPort { get; }

    /// <summary>The WSS port.</summary>
    public int WssPort { get; }

    /// <summary>The web phone's HTTP port.</summary>
    public int HttpPort { get; }

    /// <summary>The web phone's HTTPS port.</summary>
    public int HttpsPort { get; }

    /// <summary>The management endpoint's port (HTTP on 127.0.0.1, no token).</summary>
    public int ManagementPort { get; }

    /// <summary>The management endpoint's base URL.</summary>
    public string ManagementUrl => $"http://127.0.0.1:{ManagementPort}/";

    /// <summary>The page over HTTP.</summary>
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}/";

    /// <summary>The page over HTTPS.</summary>
    public string HttpsUrl => $"https://127.0.0.1:{HttpsPort}/";

    /// <summary>The WS listener's URL.</summary>
    public string WsUrl => $"ws://127.0.0.1:{WsPort}";

    /// <summary>The WSS listener's URL.</summary>
    public string WssUrl => $"wss://127.0.0.1:{WssPort}";

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The sample's build output (recorded at build time; GATEWAY_SAMPLE_DIR overrides it).</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("GATEWAY_SAMPLE_DIR")
        ?? typeof(SampleGateway).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleDirectory").Value!;

    /// <summary>Starts the sample and waits until it logs that it runs (every listener bound); <paramref name="settings"/> are extra --Key=Value overrides.</summary>
    public static async Task<SampleGateway> StartAsync(params string[] settings)
    {
        var dll = Path.Combine(Directory, "ResidentialGateway.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"The sample is not built: {dll} is missing.");
        if (!File.Exists(Path.Combine(Directory, "wwwroot", "index.html"))) throw new InvalidOperationException($"The web phone page is not built into {Directory}wwwroot (is npm installed?).");

        var ports = FreePorts(7);
        var folder = Path.Combine(Path.GetTempPath(), "gateway-browser-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(dll);
        string[] arguments =
        [
            $"--Gateway:Listen:0=udp:127.0.0.1:{ports[0]}",
            $"--Gateway:Listen:1=tcp:127.0.0.1:{ports[0]}",
            $"--Gateway:Listen:2=tls:127.0.0.1:{ports[1]}",
            $"--Gateway:Listen:3=ws:127.0.0.1:{ports[2]}",
            $"--Gateway:Listen:4=wss:127.0.0.1:{ports[3]}",
            $"--Gateway:WebPhone:HttpPort={ports[4]}",
            $"--Gateway:WebPhone:HttpsPort={ports[5]}",
            $"--Gateway:Management:Url=http://127.0.0.1:{ports[6]}",
            $"--Gateway:Tls:CertificatePath={Path.Combine(folder, "gateway.crt")}",
            $"--Gateway:Tls:KeyPath={Path.Combine(folder, "gateway.key")}",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            .. settings,
        ];
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_NOLOGO"] = "1";

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var gateway = new SampleGateway(process, folder, ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6]);
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var done = await Task.WhenAny(gateway._running.Task, exited, Task.Delay(StartLimit));
            if (done != gateway._running.Task)
            {
                throw new InvalidOperationException((done == exited ? "The sample exited during start" : "The sample did not start within " + StartLimit) + ":\n" + gateway.Output);
            }
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>The management endpoint's <c>/media</c> report: the relay's media sessions.</summary>
    public async Task<JsonDocument> MediaAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var body = await http.GetStreamAsync(new Uri(ManagementUrl + "media"));
        return await JsonDocument.ParseAsync(body);
    }

    /// <summary>Kills the process (the gateway goes down at once, as on a crash).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("ResidentialGateway running", StringComparison.Ordinal)) _running.TrySetResult();
    }

    /// <summary>Distinct free TCP ports on 127.0.0.1 (the first is also used for UDP), held together while chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new int[count];
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                ports[i] = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            return ports;
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    /// <summary>Formats a port for a command line.</summary>
    public static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

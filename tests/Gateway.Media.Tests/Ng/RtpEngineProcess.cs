using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Ng;

/// <summary>
/// A real rtpengine daemon for interop tests, bound to loopback only, with no config file (never Debian's), no kernel
/// table, a small port range (random unless given), and driven over its ng protocol with our bencode codec. Started on
/// first use, killed (by its own process id) on dispose. Also linked into Gateway.IntegrationTests (the sample's
/// RtpEngine mode): one launcher for every test project.
/// </summary>
public sealed class RtpEngineProcess : IDisposable
{
    public const string BinaryPath = "/usr/bin/rtpengine";

    /// <summary>How many media ports the daemon gets (an even number from <see cref="PortMin"/>).</summary>
    public const int PortCount = 60;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(3);

    private readonly object _logLock = new();
    private readonly StringBuilder _log = new();
    private Process? _process;
    private UdpClient? _control;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private IPEndPoint? _ngEndPoint;
    private int _cookie;
    private readonly int? _fixedPortMin;

    /// <summary>A daemon on a random port range below the ephemeral ports.</summary>
    public RtpEngineProcess()
    {
    }

    /// <summary>A daemon on <see cref="PortCount"/> ports from <paramref name="portMin"/> (even); internal: xunit fixtures need one public constructor.</summary>
    /// <param name="portMin">The first media port.</param>
    internal RtpEngineProcess(int portMin) => _fixedPortMin = portMin;

    /// <summary>The daemon's ng address (valid once started).</summary>
    public IPEndPoint NgEndPoint => _ngEndPoint ?? throw new InvalidOperationException("rtpengine is not started.");

    /// <summary>The first media port of the daemon's range.</summary>
    public int PortMin { get; private set; }

    /// <summary>The last media port of the daemon's range.</summary>
    public int PortMax => PortMin + PortCount - 1;

    public static bool IsInstalled => File.Exists(BinaryPath);

    public string Log
    {
        get
        {
            lock (_logLock) return _log.ToString();
        }
    }

    /// <summary>Starts the daemon if it is not running and waits until it answers <c>ping</c>.</summary>
    public async Task EnsureStartedAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            await StartAsync();
        }
        finally
        {
            _startLock.Release();
        }
    }

    private async Task StartAsync()
    {
        if (_process is not null) return;
        var ngPort = FreeUdpPort();
        PortMin = _fixedPortMin ?? 20000 + (2 * RandomNumberGenerator.GetInt32(0, 6000)); // below the Linux ephemeral range (32768+)
        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config-file=none", "--table=-1", "--interface=127.0.0.1", $"--listen-ng=127.0.0.1:{ngPort}",
            $"--port-min={PortMin}", $"--port-max={PortMax}", "--foreground", "--log-stderr", "--delete-delay=0",
        })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("rtpengine did not start");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _ngEndPoint = new IPEndPoint(IPAddress.Loopback, ngPort);
        _control = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"rtpengine exited with {_process.ExitCode}: {Log}");
            try
            {
                var pong = await CommandAsync(new SortedDictionary<string, object>(StringComparer.Ordinal) { ["command"] = "ping" }, TimeSpan.FromMilliseconds(300));
                if (BencodeTree.Text(pong["result"]) == "pong") return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Sends one ng command (<c>cookie SP bencode-dictionary</c>) and returns the reply dictionary.</summary>
    public Task<SortedDictionary<string, object>> CommandAsync(IDictionary<string, object> command) => CommandAsync(command, CommandTimeout);

    public void Dispose()
    {
        _startLock.Dispose();
        _control?.Dispose();
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private async Task<SortedDictionary<string, object>> CommandAsync(IDictionary<string, object> command, TimeSpan timeout)
    {
        var cookie = $"gw{Interlocked.Increment(ref _cookie)}";
        var body = BencodeTree.Write(new SortedDictionary<string, object>(command, StringComparer.Ordinal));
        var datagram = Encoding.ASCII.GetBytes(cookie + " ").Concat(body).ToArray();
        await _control!.SendAsync(datagram, _ngEndPoint!);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            UdpReceiveResult reply;
            try
            {
                reply = await _control.ReceiveAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"rtpengine did not answer '{command["command"]}' within {timeout}");
            }

            var space = Array.IndexOf(reply.Buffer, (byte)' ');
            if (space < 0 || Encoding.ASCII.GetString(reply.Buffer, 0, space) != cookie) continue; // a late reply to an earlier ping
            var parsed = BencodeTree.Parse(reply.Buffer.AsSpan(space + 1), out var error);
            return parsed as SortedDictionary<string, object>
                ?? throw new InvalidDataException($"rtpengine sent a reply our bencode reader rejects ({error}): {Encoding.UTF8.GetString(reply.Buffer)}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_logLock) _log.AppendLine(line);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}

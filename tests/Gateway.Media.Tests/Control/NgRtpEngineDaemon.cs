using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// A real rtpengine for the ng interop tests: loopback only, no config file, no kernel table, a small random port
/// range, foreground; started on first use, killed by its own process id on dispose.
/// </summary>
public sealed class NgRtpEngineDaemon : IDisposable
{
    public const string BinaryPath = "/usr/bin/rtpengine";
    public const int PortCount = 60;

    private readonly Lock _logLock = new();
    private readonly StringBuilder _log = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private Process? _process;

    public static bool IsInstalled => File.Exists(BinaryPath);

    public IPEndPoint NgEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public int PortMin { get; private set; }

    public int PortMax => PortMin + PortCount - 1;

    public string Log
    {
        get
        {
            lock (_logLock) return _log.ToString();
        }
    }

    public async Task EnsureStartedAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            if (_process is not null) return;
            var ngPort = FreeUdpPort();
            PortMin = 20000 + (2 * RandomNumberGenerator.GetInt32(0, 5000)); // below the Linux ephemeral range
            var info = new ProcessStartInfo(BinaryPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
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
            NgEndPoint = new IPEndPoint(IPAddress.Loopback, ngPort);

            using var probe = new NgUdpPeer();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            for (var i = 0; ; i++)
            {
                if (_process.HasExited) throw new InvalidOperationException($"rtpengine exited with {_process.ExitCode}: {Log}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException("rtpengine did not answer ping: " + Log);
                var cookie = "start" + i;
                await probe.SendAsync(Encoding.ASCII.GetBytes(cookie + " d7:command4:pinge"), NgEndPoint);
                try
                {
                    var reply = Encoding.ASCII.GetString(await probe.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
                    if (reply.StartsWith(cookie + " ", StringComparison.Ordinal) && reply.Contains("pong", StringComparison.Ordinal)) return;
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
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

        _startLock.Dispose();
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

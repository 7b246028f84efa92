using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// A real rtpengine daemon for the sample's <c>Mode=RtpEngine</c> test: loopback only, no config file, no kernel
/// forwarding, foreground, a small port range; killed by its own process on dispose.
/// </summary>
internal sealed class RtpEngineProcess : IDisposable
{
    public const string BinaryPath = "/usr/bin/rtpengine";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RtpEngineProcess(Process process, int ngPort, int portMin, int portMax)
    {
        _process = process;
        NgPort = ngPort;
        PortMin = portMin;
        PortMax = portMax;
    }

    public static bool IsInstalled => File.Exists(BinaryPath);

    public int NgPort { get; }

    public int PortMin { get; }

    public int PortMax { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts rtpengine on <paramref name="portMin"/>–<paramref name="portMax"/> and waits (5 s at most) until it answers an ng ping.</summary>
    public static async Task<RtpEngineProcess> StartAsync(int portMin, int portMax)
    {
        int ngPort;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) ngPort = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var info = new ProcessStartInfo(BinaryPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--config-file=none", "--table=-1", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort.ToString(CultureInfo.InvariantCulture),
            "--port-min=" + portMin.ToString(CultureInfo.InvariantCulture), "--port-max=" + portMax.ToString(CultureInfo.InvariantCulture),
            "--foreground", "--log-stderr", "--delete-delay=0",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("rtpengine did not start");
        var engine = new RtpEngineProcess(process, ngPort, portMin, portMax);
        process.ErrorDataReceived += (_, e) => engine.Append(e.Data);
        process.OutputDataReceived += (_, e) => engine.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var target = new IPEndPoint(IPAddress.Loopback, ngPort);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            for (var i = 0; ; i++)
            {
                if (process.HasExited) throw new InvalidOperationException("rtpengine exited: " + engine.Log);
                if (DateTime.UtcNow > deadline) throw new TimeoutException("rtpengine did not answer ping: " + engine.Log);
                var cookie = "p" + i.ToString(CultureInfo.InvariantCulture);
                await client.SendAsync(Encoding.ASCII.GetBytes(cookie + " d7:command4:pinge"), target);
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    var reply = Encoding.ASCII.GetString((await client.ReceiveAsync(cts.Token)).Buffer);
                    if (reply.StartsWith(cookie + " ", StringComparison.Ordinal) && reply.Contains("pong", StringComparison.Ordinal)) return engine;
                }
                catch (OperationCanceledException)
                {
                    // Not up yet.
                }
            }
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public void Dispose()
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
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}

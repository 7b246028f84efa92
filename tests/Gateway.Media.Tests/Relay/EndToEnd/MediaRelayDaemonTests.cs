using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay.EndToEnd;

/// <summary>The standalone daemon (samples/MediaRelay) as a process with rtpengine's switches, driven over ng.</summary>
public sealed class MediaRelayDaemonTests
{
    [Fact]
    public async Task Daemon_RtpengineSwitches_AnswersPingAndOfferThenStopsOnSigint()
    {
        var dll = DaemonPath();
        Assert.True(File.Exists(dll), $"{dll} is built before the tests (ProjectReference)");
        var ngPort = FreeUdpPort();
        var (min, max) = RelayTestPorts.Range(16);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "-i", "127.0.0.1!192.0.2.10", "-n", "127.0.0.1:" + ngPort, "-m", min.ToString(System.Globalization.CultureInfo.InvariantCulture), "-M", max.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "30", "--num-threads", "2", "--foreground" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("listening on", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(20));
            using var client = new NgMediaRelay(new NgClientOptions { AttemptTimeout = TimeSpan.FromMilliseconds(500) }.AddEndpoint("udp:127.0.0.1:" + ngPort));

            var alive = await client.PingAsync();
            Assert.Single(alive); // "pong"

            var offer = "v=0\r\no=- 5 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            var result = await client.OfferAsync(EndToEndRelay.Request(new MediaSessionKey("daemon-call", "tag-a"), offer, "RTP/AVP replace-session-connection replace-origin ICE=remove"));
            Assert.True(result.Succeeded, result.ErrorReason);
            var sdp = SessionDescription.Parse(result.Sdp.Span);
            Assert.Equal("192.0.2.10", sdp.Media[0].EffectiveConnection!.Address); // -i LOCAL!ADVERTISED
            Assert.InRange(sdp.Media[0].Port, min, max);
            Assert.False(RelayTestPorts.CanBind(sdp.Media[0].Port));

            // Ctrl+C: the host stops cleanly (exit code 0) and the ports are free.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.True(RelayTestPorts.CanBind(sdp.Media[0].Port));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            lock (output) Assert.Fail(e.Message + "\n" + output);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>samples/MediaRelay/bin/CONFIGURATION/TFM/MediaRelay.dll, the configuration and TFM being the tests' own.</summary>
    private static string DaemonPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Gateway.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        return Path.Combine(root.FullName, "samples", "MediaRelay", "bin", configuration, framework, "MediaRelay.dll");
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

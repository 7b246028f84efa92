using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// A live Kamailio (its rtpengine module pointed at our <see cref="NgServer"/>) proxies one SIPp call with the
/// tutorial's <c>rtpengine_offer/answer/delete</c>; the relay behind the server must see offer, answer and delete
/// with the right keys and flags. Everything on 127.0.0.1; every process is killed by its own id.
/// </summary>
public sealed class NgKamailioLiveTests : IDisposable
{
    private const string Flags = "RTP/AVP replace-session-connection replace-origin ICE=remove";

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ng-kamailio-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _log = new();

    public NgKamailioLiveTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);
    }

    [NgKamailioFact]
    public async Task Call_ThroughKamailio_NgServerGetsOfferAnswerDelete()
    {
        var relay = new NgFakeRelay();
        await using var server = new NgServer(relay, new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(CancellationToken.None);
        var proxyPort = FreePort();
        var uasPort = FreePort();
        var uacPort = FreePort();
        var config = Path.Combine(_directory, "kamailio.cfg");
        await File.WriteAllTextAsync(config, Config(proxyPort, server.LocalEndPoint!.Port, uasPort));

        Start(NgKamailioFactAttribute.KamailioPath, "-f", config, "-DD", "-E", "-P", Path.Combine(_directory, "kamailio.pid"), "-Y", _directory);
        await WaitUntilAsync(() => server.RequestsReceived > 0, "Kamailio's rtpengine module never pinged the ng server");
        Start(NgKamailioFactAttribute.SippPath, "-sn", "uas", "-i", "127.0.0.1", "-p", uasPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-nostdin");
        await Task.Delay(300); // let the UAS bind before the call arrives (a missed INVITE would only be retransmitted)
        var uac = Start(NgKamailioFactAttribute.SippPath, "-sn", "uac", "-i", "127.0.0.1", "-p", uacPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-s", "plain", "-m", "1", "-l", "1", "-d", "100", "-timeout", "20", "-nostdin", $"127.0.0.1:{proxyPort}");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25)))
        {
            await uac.WaitForExitAsync(timeout.Token);
        }

        _output.WriteLine(Log());
        Assert.Equal(0, uac.ExitCode);
        var requests = relay.Requests.ToList();
        Assert.Equal(["offer", "answer"], requests.Select(r => r.Command));
        var offer = requests[0].Request;
        var answer = requests[1].Request;
        Assert.Equal(offer.Key.CallId, answer.Key.CallId);
        Assert.Equal(offer.Key.FromTag, answer.Key.FromTag);
        Assert.NotNull(answer.Key.ToTag);
        Assert.Null(offer.Key.ToTag);
        Assert.Equal(IPAddress.Loopback, offer.ReceivedFrom!.Address);
        NgAssert.SameFlags(MediaFlags.Parse(Flags), offer.Flags);
        NgAssert.SameFlags(MediaFlags.Parse(Flags), answer.Flags);
        Assert.StartsWith("v=0", Encoding.ASCII.GetString(offer.Sdp.Span), StringComparison.Ordinal);
        Assert.Contains(relay.Calls, c => c.Command == "delete" && c.Key.CallId == offer.Key.CallId && c.Key.FromTag == offer.Key.FromTag);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            finally
            {
                process.Dispose();
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Config(int proxyPort, int ngPort, int uasPort) => $$"""
        #!KAMAILIO
        debug=2
        log_stderror=yes
        fork=yes
        children=1
        disable_tcp=yes
        listen=udp:127.0.0.1:{{proxyPort}}
        loadmodule "sl.so"
        loadmodule "tm.so"
        loadmodule "pv.so"
        loadmodule "textops.so"
        loadmodule "rtpengine.so"
        modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:{{ngPort}}")
        request_route {
            if (is_method("INVITE") && has_body("application/sdp")) {
                rtpengine_offer("{{Flags}}");
                t_on_reply("media");
            }
            if (is_method("BYE|CANCEL")) rtpengine_delete();
            $du = "sip:127.0.0.1:{{uasPort}}";
            if (!t_relay()) sl_reply_error();
            exit;
        }
        onreply_route[media] {
            if (status =~ "^2" && has_body("application/sdp")) rtpengine_answer("{{Flags}}");
        }
        """;

    private Process Start(string path, params string[] arguments)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException(path + " did not start");
        _processes.Add(process);
        var name = Path.GetFileName(path);
        process.ErrorDataReceived += (_, e) => Append(name, e.Data);
        process.OutputDataReceived += (_, e) => Append(name, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private void Append(string name, string? line)
    {
        if (line is null) return;
        lock (_log) _log.Append(name).Append(": ").AppendLine(line);
    }

    private string Log()
    {
        lock (_log) return _log.ToString();
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what + "\n" + Log());
            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var probe = new NgUdpPeer();
        return probe.EndPoint.Port;
    }
}

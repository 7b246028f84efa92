using System.Globalization;
using Gateway.Core.Media;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Media.Control.Ng;
using Gateway.Media.Tests.Ng;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// <c>Gateway:Media:Mode=RtpEngine</c>: the sample drives a real rtpengine over ng (the tutorial's
/// <c>rtpengine_sock</c>) instead of its in-process relay. Skipped where /usr/bin/rtpengine is missing.
/// </summary>
public sealed class SampleRtpEngineModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RtpEngineMode_PlainSippCall_BothSdpsPointAtRtpEngine()
    {
        if (!RtpEngineProcess.IsInstalled)
        {
            output.WriteLine("skipped: " + RtpEngineProcess.BinaryPath + " is not installed");
            return;
        }

        using var engine = new RtpEngineProcess(portMin: 43000);
        await engine.EnsureStartedAsync();
        await using var host = await SampleHost.StartAsync(
            "--Gateway:Media:Mode=RtpEngine",
            "--Gateway:Media:NgEndpoints:0=udp:127.0.0.1:" + engine.NgEndPoint.Port.ToString(CultureInfo.InvariantCulture));
        try
        {
            Assert.IsType<NgMediaRelay>(host.Services.GetRequiredService<IMediaRelay>());
            await using var callee = await SipTestPeer.ConnectAsync(SipTransportKind.Udp, host.Port(SipTransportKind.Udp));
            await callee.RegisterAsync("rebob");

            // sipp's own check: the 200's SDP has c=127.0.0.1 and an m= port 430xx (rtpengine's range).
            await using var caller = SampleMediaTests.StartSippUac(host, SampleMediaTests.MediaScenario("uac-media-call.xml", "430", 300), "rebob", "-mp", SampleMediaTests.FreeEvenUdpPort().ToString(CultureInfo.InvariantCulture));
            var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
            var offer = SipTestPeer.Body(invite);
            output.WriteLine(offer);
            SampleMediaTests.AssertPointsAtRelay(offer, "RTP/AVP", engine.PortMin, engine.PortMax);
            await callee.SendAsync(SipTestPeer.Answer(invite, "re1", callee.ContactUri("rebob"), callee.Sdp(webRtc: false)));
            var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
            await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));
            var code = await caller.WaitAsync(TimeSpan.FromSeconds(20));
            if (code != 0) output.WriteLine(caller.Output);
            Assert.Equal(0, code);
        }
        finally
        {
            foreach (var line in host.Logs.Lines) output.WriteLine("[" + line.Level + "] " + line.Category + ": " + line.Message);
        }
    }
}

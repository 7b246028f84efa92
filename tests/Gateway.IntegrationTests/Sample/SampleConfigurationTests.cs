using Gateway.Core.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResidentialGateway.Management;
using ResidentialGateway.Media;

namespace Gateway.IntegrationTests.Sample;

/// <summary>The sample's appsettings.json, its binding to options, validation at start, and command-line overrides.</summary>
public sealed class SampleConfigurationTests
{
    [Fact]
    public void Defaults_AppSettings_TutorialTimersMediaRangeAndLoopbackManagement()
    {
        var (host, _, _) = SampleHost.Build();
        using (host)
        {
            var tm = host.Services.GetRequiredService<IOptions<SipTransactionOptions>>().Value;
            Assert.Equal(TimeSpan.FromMilliseconds(500), tm.T1);
            Assert.Equal(TimeSpan.FromSeconds(4), tm.T2);
            Assert.Equal(TimeSpan.FromSeconds(5), tm.T4);
            Assert.Equal(TimeSpan.FromSeconds(5), tm.FinalResponseTimeout);
            Assert.Equal(TimeSpan.FromSeconds(30), tm.InviteFinalResponseTimeout);

            var media = host.Services.GetRequiredService<IOptions<MediaOptions>>().Value;
            Assert.Equal(MediaMode.InProcess, media.Mode);
            Assert.Equal(50000, media.MinPort);
            Assert.Equal(55000, media.MaxPort);
        }

        // The file itself (the test overrides ports): wss on 8443, management on 127.0.0.1:8081.
        var settings = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        Assert.Contains("\"wss:127.0.0.1:8443\"", settings, StringComparison.Ordinal);
        Assert.Contains("\"http://127.0.0.1:8081\"", settings, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_OverridesTimersMediaAndManagement()
    {
        var (host, _, _) = SampleHost.Build(
            "--Gateway:Transactions:FinalResponseTimeout=00:00:02",
            "--Gateway:Transactions:InviteFinalResponseTimeout=00:00:03",
            "--Gateway:Media:Mode=RtpEngine",
            "--Gateway:Media:NgEndpoints:0=udp:127.0.0.1:2223",
            "--Gateway:Management:Token=abc");
        using (host)
        {
            var tm = host.Services.GetRequiredService<IOptions<SipTransactionOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(2), tm.FinalResponseTimeout);
            Assert.Equal(TimeSpan.FromSeconds(3), tm.InviteFinalResponseTimeout);
            var media = host.Services.GetRequiredService<IOptions<MediaOptions>>().Value;
            Assert.Equal(MediaMode.RtpEngine, media.Mode);
            Assert.Equal(["udp:127.0.0.1:2223"], media.NgEndpoints);
            Assert.Equal("abc", host.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Token);
        }
    }

    [Theory]
    [InlineData("--Gateway:Media:MaxPort=40000", "MaxPort")]
    [InlineData("--Gateway:Media:MinPort=80", "MinPort")]
    [InlineData("--Gateway:Media:Interface=not-an-ip", "Interface")]
    [InlineData("--Gateway:Media:Mode=RtpEngine", "NgEndpoints")]
    [InlineData("--Gateway:Media:NgEndpoints:0=udp:nowhere", "NgEndpoints")]
    [InlineData("--Gateway:Management:Url=https://127.0.0.1:8081", "Management:Url")]
    public async Task InvalidSetting_HostRefusesToStart(string argument, string named)
    {
        var (host, _, _) = SampleHost.Build(argument);
        using (host)
        {
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains(named, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InvalidTransactionTimers_HostRefusesToStart()
    {
        var (host, _, _) = SampleHost.Build("--Gateway:Transactions:T2=00:00:00.100");
        using (host)
        {
            await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        }
    }
}

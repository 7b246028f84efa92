using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// The sample as a process: started with port overrides on the command line (and one from the environment),
/// serving the management endpoint, then stopped with SIGINT (Ctrl+C): exit code 0, listeners closed, no exception.
/// </summary>
public sealed class SampleShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CtrlC_RunningSample_ExitsZeroWithoutException()
    {
        var directory = SampleHost.NewDirectory();
        var managementPort = Sipp.FreePort();
        var sample = Path.Combine(AppContext.BaseDirectory, "ResidentialGateway.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(sample);
        foreach (var argument in SampleHost.BaseArguments(directory))
        {
            if (!argument.StartsWith("--Gateway:Management:Url=", StringComparison.Ordinal)) info.ArgumentList.Add(argument);
        }

        // An override from the environment (Gateway__Management__Url), the others from the command line.
        info.Environment["Gateway__Management__Url"] = "http://127.0.0.1:" + managementPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var log = new StringBuilder();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // The management endpoint answers on the port the environment chose.
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            {
                var health = await http.GetStringAsync(new Uri("http://127.0.0.1:" + managementPort.ToString(CultureInfo.InvariantCulture) + "/health"));
                Assert.Contains("\"healthy\"", health, StringComparison.Ordinal);
            }

            using (var kill = Process.Start("/bin/kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(cts.Token);
            process.WaitForExit();
            var text = Text();
            output.WriteLine(text);
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("fail:", text, StringComparison.Ordinal);
            Assert.Contains("Transport layer stopped", text, StringComparison.Ordinal);
            Assert.Contains("ResidentialGateway stopping", text, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                output.WriteLine("[test] sample killed\n" + Text());
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }

        void OnLine(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
            if (line.Contains("ResidentialGateway running", StringComparison.Ordinal)) running.TrySetResult();
        }

        string Text()
        {
            lock (log) return log.ToString();
        }
    }
}

using System.Diagnostics;
using System.Net;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>Runs the real sipp (Debian package sip-tester) with a bounded call count, a global timeout and a process timeout.</summary>
internal static class SippRunner
{
    public const string Path = "/usr/bin/sipp";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>Runs the OPTIONS scenario <paramref name="calls"/> times over <paramref name="transport"/> (u1, t1); returns the exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunOptionsAsync(IPEndPoint target, string transport, int calls = 20, int rate = 50)
    {
        var scenario = System.IO.Path.Combine(AppContext.BaseDirectory, "Scenarios", "options-uac.xml");
        var workDir = Directory.CreateTempSubdirectory("sipp-").FullName;
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"{target.Address}:{target.Port}", "-sf", scenario, "-t", transport, "-i", "127.0.0.1",
            "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-timeout", "10s", "-timeout_error", "-nostdin", "-trace_err",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;
            foreach (var log in Directory.GetFiles(workDir, "*errors.log")) output += await File.ReadAllTextAsync(log);
            return (process.ExitCode, output.Length > 4000 ? output[^4000..] : output);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

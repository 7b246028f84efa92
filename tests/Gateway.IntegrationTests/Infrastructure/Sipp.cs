using System.Diagnostics;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Runs the real sipp (Debian's sip-tester) with bounded calls and time; kills it if it overruns.</summary>
internal sealed class Sipp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Sipp(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string Path => File.Exists("/usr/bin/sipp") ? "/usr/bin/sipp" : throw new InvalidOperationException("sipp is not installed: run scripts/test.sh, which installs sip-tester.");

    public static string Scenario(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Scenarios", name);

    /// <summary>Starts sipp with <paramref name="arguments"/> (the caller includes -m and -timeout).</summary>
    public static Sipp Start(params string[] arguments) => StartWith(arguments);

    private static Sipp StartWith(string[] arguments)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add("-nostdin");
        info.ArgumentList.Add("-trace_err");
        info.ArgumentList.Add("-error_file");
        info.ArgumentList.Add(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sipp-" + Guid.NewGuid().ToString("N") + ".log"));
        var process = Process.Start(info) ?? throw new InvalidOperationException("sipp did not start");
        return new Sipp(process);
    }

    /// <summary>Waits for sipp to exit (killing it after <paramref name="timeout"/>); returns its exit code (0: every call succeeded).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            Append("[test] sipp killed after " + timeout);
            return -1;
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>A free UDP/TCP port on 127.0.0.1 for a sipp instance to listen on.</summary>
    public static int FreePort()
    {
        using var tcp = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((System.Net.IPEndPoint)tcp.LocalEndpoint).Port;
        tcp.Stop();
        return port;
    }
}

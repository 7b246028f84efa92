namespace Gateway.Media.Tests.Ng;

/// <summary>A theory that needs the rtpengine daemon; skipped, saying so, where it is not installed.</summary>
public sealed class RtpEngineTheoryAttribute : TheoryAttribute
{
    public RtpEngineTheoryAttribute()
    {
        if (!RtpEngineProcess.IsInstalled) Skip = $"rtpengine is not installed at {RtpEngineProcess.BinaryPath} (Debian package rtpengine-daemon)";
    }
}

using Gateway.Media.Tests.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>A theory that needs the rtpengine daemon; skipped, saying so, where it is not installed.</summary>
public sealed class NgRtpEngineTheoryAttribute : TheoryAttribute
{
    public NgRtpEngineTheoryAttribute()
    {
        if (!RtpEngineProcess.IsInstalled) Skip = $"rtpengine is not installed at {RtpEngineProcess.BinaryPath} (Debian package rtpengine-daemon)";
    }
}

namespace Gateway.Media.Tests.Control;

/// <summary>A theory that needs the rtpengine daemon; skipped, saying so, where it is not installed.</summary>
public sealed class NgRtpEngineTheoryAttribute : TheoryAttribute
{
    public NgRtpEngineTheoryAttribute()
    {
        if (!NgRtpEngineDaemon.IsInstalled) Skip = $"rtpengine is not installed at {NgRtpEngineDaemon.BinaryPath} (Debian package rtpengine-daemon)";
    }
}

namespace Gateway.Media.Tests.Control;

/// <summary>A fact that needs the rtpengine daemon; skipped, saying so, where it is not installed.</summary>
public sealed class NgRtpEngineFactAttribute : FactAttribute
{
    public NgRtpEngineFactAttribute()
    {
        if (!NgRtpEngineDaemon.IsInstalled) Skip = $"rtpengine is not installed at {NgRtpEngineDaemon.BinaryPath} (Debian package rtpengine-daemon)";
    }
}

using Gateway.Media.Tests.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>A fact that needs the rtpengine daemon; skipped, saying so, where it is not installed.</summary>
public sealed class NgRtpEngineFactAttribute : FactAttribute
{
    public NgRtpEngineFactAttribute()
    {
        if (!RtpEngineProcess.IsInstalled) Skip = $"rtpengine is not installed at {RtpEngineProcess.BinaryPath} (Debian package rtpengine-daemon)";
    }
}

namespace Gateway.Media.Tests.Control;

/// <summary>A fact that needs Kamailio (with its rtpengine module) and SIPp; skipped, saying so, where they are missing.</summary>
public sealed class NgKamailioFactAttribute : FactAttribute
{
    public const string KamailioPath = "/usr/sbin/kamailio";
    public const string SippPath = "/usr/bin/sipp";
    public const string ModulePath = "/usr/lib/x86_64-linux-gnu/kamailio/modules/rtpengine.so";

    public NgKamailioFactAttribute()
    {
        if (!File.Exists(KamailioPath) || !File.Exists(ModulePath))
        {
            Skip = $"Kamailio with its rtpengine module is not installed ({KamailioPath}, {ModulePath}: Debian packages kamailio, kamailio-extra-modules)";
        }
        else if (!File.Exists(SippPath))
        {
            Skip = $"SIPp is not installed at {SippPath} (Debian package sip-tester)";
        }
    }
}

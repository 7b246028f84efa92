namespace Gateway.BrowserTests.Infrastructure;

/// <summary>Debian's Chromium and the flags the browser tests start it with.</summary>
internal static class Chromium
{
    /// <summary>The browser binary: Debian's package (scripts/test.sh installs it). Playwright never downloads one here.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Why browser tests are skipped, or <see langword="null"/> when Chromium is installed.</summary>
    public static string? SkipReason => File.Exists(ExecutablePath)
        ? null
        : $"{ExecutablePath} is not installed (Debian package 'chromium'; scripts/test.sh installs it): browser tests skipped.";

    /// <summary>
    /// Fake microphone and auto-accepted permission prompt; loopback ICE candidates allowed (without it a
    /// loopback-only run gathers none) and shown as addresses, not mDNS names; no background traffic.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
    ];
}

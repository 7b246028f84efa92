namespace Gateway.Media.Sdp;

/// <summary>Attribute names and enum spellings used by the typed helpers.</summary>
internal static class SdpNames
{
    public const string RtpMap = "rtpmap";
    public const string Fmtp = "fmtp";
    public const string SendRecv = "sendrecv";
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";
    public const string RtcpMux = "rtcp-mux";
    public const string Rtcp = "rtcp";
    public const string IceUfrag = "ice-ufrag";
    public const string IcePwd = "ice-pwd";
    public const string IceOptions = "ice-options";
    public const string IceLite = "ice-lite";
    public const string IceMismatch = "ice-mismatch";
    public const string IcePacing = "ice-pacing";
    public const string Candidate = "candidate";
    public const string RemoteCandidates = "remote-candidates";
    public const string EndOfCandidates = "end-of-candidates";
    public const string Fingerprint = "fingerprint";
    public const string Setup = "setup";
    public const string Crypto = "crypto";
    public const string Ssrc = "ssrc";
    public const string SsrcGroup = "ssrc-group";
    public const string Mid = "mid";
    public const string Group = "group";
    public const string BundleOnly = "bundle-only";

    public static string ToText(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SendOnly,
        SdpDirection.RecvOnly => RecvOnly,
        SdpDirection.Inactive => Inactive,
        _ => SendRecv,
    };

    public static bool TryParseDirection(string name, out SdpDirection direction)
    {
        direction = SdpDirection.SendRecv;
        if (name.Equals(SendRecv, StringComparison.OrdinalIgnoreCase)) return true;
        direction = SdpDirection.SendOnly;
        if (name.Equals(SendOnly, StringComparison.OrdinalIgnoreCase)) return true;
        direction = SdpDirection.RecvOnly;
        if (name.Equals(RecvOnly, StringComparison.OrdinalIgnoreCase)) return true;
        direction = SdpDirection.Inactive;
        return name.Equals(Inactive, StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsDirection(SdpAttribute attribute) => attribute.Value is null && TryParseDirection(attribute.Name, out _);

    public static string ToText(SdpSetup setup) => setup switch
    {
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.HoldConn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParseSetup(ReadOnlySpan<char> text, out SdpSetup setup)
    {
        text = text.Trim(' ');
        setup = SdpSetup.ActPass;
        if (text.Equals("actpass", StringComparison.OrdinalIgnoreCase)) return true;
        setup = SdpSetup.Active;
        if (text.Equals("active", StringComparison.OrdinalIgnoreCase)) return true;
        setup = SdpSetup.Passive;
        if (text.Equals("passive", StringComparison.OrdinalIgnoreCase)) return true;
        setup = SdpSetup.HoldConn;
        return text.Equals("holdconn", StringComparison.OrdinalIgnoreCase);
    }
}

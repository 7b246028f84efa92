using System.Text;

namespace Gateway.Core.Messages;

/// <summary>
/// Canonical names of the known headers and their recognition from wire bytes (long and compact forms,
/// RFC 3261 §7.3.3 and the compact forms registered since), without allocating.
/// </summary>
public static class SipHeaderNames
{
    private static readonly string[] Canonical = BuildCanonical();
    private static readonly byte[][] CanonicalUtf8 = BuildUtf8();
    private static readonly SipHeaderId[] Compact = BuildCompact();

    private static string[] BuildCanonical()
    {
        var names = new string[(int)SipHeaderId.MinExpires + 1];
        names[(int)SipHeaderId.Unknown] = string.Empty;
        names[(int)SipHeaderId.Via] = "Via";
        names[(int)SipHeaderId.From] = "From";
        names[(int)SipHeaderId.To] = "To";
        names[(int)SipHeaderId.CallId] = "Call-ID";
        names[(int)SipHeaderId.CSeq] = "CSeq";
        names[(int)SipHeaderId.MaxForwards] = "Max-Forwards";
        names[(int)SipHeaderId.Contact] = "Contact";
        names[(int)SipHeaderId.Route] = "Route";
        names[(int)SipHeaderId.RecordRoute] = "Record-Route";
        names[(int)SipHeaderId.Path] = "Path";
        names[(int)SipHeaderId.ContentType] = "Content-Type";
        names[(int)SipHeaderId.ContentLength] = "Content-Length";
        names[(int)SipHeaderId.ContentEncoding] = "Content-Encoding";
        names[(int)SipHeaderId.Expires] = "Expires";
        names[(int)SipHeaderId.Allow] = "Allow";
        names[(int)SipHeaderId.Supported] = "Supported";
        names[(int)SipHeaderId.Require] = "Require";
        names[(int)SipHeaderId.ProxyRequire] = "Proxy-Require";
        names[(int)SipHeaderId.Unsupported] = "Unsupported";
        names[(int)SipHeaderId.Accept] = "Accept";
        names[(int)SipHeaderId.UserAgent] = "User-Agent";
        names[(int)SipHeaderId.Server] = "Server";
        names[(int)SipHeaderId.Subject] = "Subject";
        names[(int)SipHeaderId.Event] = "Event";
        names[(int)SipHeaderId.AllowEvents] = "Allow-Events";
        names[(int)SipHeaderId.ReferTo] = "Refer-To";
        names[(int)SipHeaderId.ReferredBy] = "Referred-By";
        names[(int)SipHeaderId.SessionExpires] = "Session-Expires";
        names[(int)SipHeaderId.Identity] = "Identity";
        names[(int)SipHeaderId.AcceptContact] = "Accept-Contact";
        names[(int)SipHeaderId.RejectContact] = "Reject-Contact";
        names[(int)SipHeaderId.RequestDisposition] = "Request-Disposition";
        names[(int)SipHeaderId.Authorization] = "Authorization";
        names[(int)SipHeaderId.ProxyAuthorization] = "Proxy-Authorization";
        names[(int)SipHeaderId.WwwAuthenticate] = "WWW-Authenticate";
        names[(int)SipHeaderId.ProxyAuthenticate] = "Proxy-Authenticate";
        names[(int)SipHeaderId.Date] = "Date";
        names[(int)SipHeaderId.Timestamp] = "Timestamp";
        names[(int)SipHeaderId.RetryAfter] = "Retry-After";
        names[(int)SipHeaderId.Warning] = "Warning";
        names[(int)SipHeaderId.MinExpires] = "Min-Expires";
        return names;
    }

    private static byte[][] BuildUtf8()
    {
        var result = new byte[Canonical.Length][];
        for (var i = 0; i < Canonical.Length; i++)
        {
            result[i] = Encoding.ASCII.GetBytes(Canonical[i]);
        }

        return result;
    }

    private static SipHeaderId[] BuildCompact()
    {
        var table = new SipHeaderId[26];
        table['v' - 'a'] = SipHeaderId.Via;
        table['f' - 'a'] = SipHeaderId.From;
        table['t' - 'a'] = SipHeaderId.To;
        table['i' - 'a'] = SipHeaderId.CallId;
        table['m' - 'a'] = SipHeaderId.Contact;
        table['c' - 'a'] = SipHeaderId.ContentType;
        table['l' - 'a'] = SipHeaderId.ContentLength;
        table['e' - 'a'] = SipHeaderId.ContentEncoding;
        table['k' - 'a'] = SipHeaderId.Supported;
        table['s' - 'a'] = SipHeaderId.Subject;
        table['o' - 'a'] = SipHeaderId.Event;
        table['u' - 'a'] = SipHeaderId.AllowEvents;
        table['r' - 'a'] = SipHeaderId.ReferTo;
        table['b' - 'a'] = SipHeaderId.ReferredBy;
        table['x' - 'a'] = SipHeaderId.SessionExpires;
        table['y' - 'a'] = SipHeaderId.Identity;
        table['a' - 'a'] = SipHeaderId.AcceptContact;
        table['j' - 'a'] = SipHeaderId.RejectContact;
        table['d' - 'a'] = SipHeaderId.RequestDisposition;
        return table;
    }

    /// <summary>The canonical (long-form) name of a known header, e.g. <c>Call-ID</c>.</summary>
    public static string GetName(SipHeaderId id) => Canonical[(int)id];

    internal static ReadOnlySpan<byte> GetNameUtf8(SipHeaderId id) => CanonicalUtf8[(int)id];

    /// <summary>Recognises a header name (long or compact form, any case).</summary>
    public static SipHeaderId Identify(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (name.Length > bytes.Length) return SipHeaderId.Unknown;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] > 0x7F) return SipHeaderId.Unknown;
            bytes[i] = (byte)name[i];
        }

        return Identify(bytes[..name.Length]);
    }

    /// <summary>Recognises a header name from its wire bytes (long or compact form, any case).</summary>
    public static SipHeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            var lower = name[0] | 0x20;
            return (uint)(lower - 'a') < 26 ? Compact[lower - 'a'] : SipHeaderId.Unknown;
        }

        // Dispatch on length, then on the first letter, then compare ignoring case: no hashing, no allocation.
        switch (name.Length)
        {
            case 2: return Is(name, SipHeaderId.To);
            case 3: return Is(name, SipHeaderId.Via);
            case 4:
                return (name[0] | 0x20) switch
                {
                    'f' => Is(name, SipHeaderId.From),
                    'c' => Is(name, SipHeaderId.CSeq),
                    'p' => Is(name, SipHeaderId.Path),
                    'd' => Is(name, SipHeaderId.Date),
                    _ => SipHeaderId.Unknown,
                };
            case 5:
                return (name[0] | 0x20) switch
                {
                    'r' => Is(name, SipHeaderId.Route),
                    'a' => Is(name, SipHeaderId.Allow),
                    'e' => Is(name, SipHeaderId.Event),
                    _ => SipHeaderId.Unknown,
                };
            case 6:
                return (name[0] | 0x20) switch
                {
                    'a' => Is(name, SipHeaderId.Accept),
                    's' => Is(name, SipHeaderId.Server),
                    _ => SipHeaderId.Unknown,
                };
            case 7:
                return (name[0] | 0x20) switch
                {
                    'c' => Is(name, SipHeaderId.CallId) | Is(name, SipHeaderId.Contact),
                    'e' => Is(name, SipHeaderId.Expires),
                    'r' => Is(name, SipHeaderId.Require),
                    's' => Is(name, SipHeaderId.Subject),
                    'w' => Is(name, SipHeaderId.Warning),
                    _ => SipHeaderId.Unknown,
                };
            case 8:
                return (name[0] | 0x20) switch
                {
                    'r' => Is(name, SipHeaderId.ReferTo),
                    'i' => Is(name, SipHeaderId.Identity),
                    _ => SipHeaderId.Unknown,
                };
            case 9:
                return (name[0] | 0x20) switch
                {
                    's' => Is(name, SipHeaderId.Supported),
                    't' => Is(name, SipHeaderId.Timestamp),
                    _ => SipHeaderId.Unknown,
                };
            case 10: return Is(name, SipHeaderId.UserAgent);
            case 11:
                return (name[0] | 0x20) switch
                {
                    'u' => Is(name, SipHeaderId.Unsupported),
                    'r' => Is(name, SipHeaderId.ReferredBy) | Is(name, SipHeaderId.RetryAfter),
                    'm' => Is(name, SipHeaderId.MinExpires),
                    _ => SipHeaderId.Unknown,
                };
            case 12:
                return (name[0] | 0x20) switch
                {
                    'm' => Is(name, SipHeaderId.MaxForwards),
                    'c' => Is(name, SipHeaderId.ContentType),
                    'r' => Is(name, SipHeaderId.RecordRoute),
                    'a' => Is(name, SipHeaderId.AllowEvents),
                    _ => SipHeaderId.Unknown,
                };
            case 13:
                return (name[0] | 0x20) switch
                {
                    'p' => Is(name, SipHeaderId.ProxyRequire),
                    'a' => Is(name, SipHeaderId.Authorization),
                    _ => SipHeaderId.Unknown,
                };
            case 14:
                return (name[0] | 0x20) switch
                {
                    'c' => Is(name, SipHeaderId.ContentLength),
                    'a' => Is(name, SipHeaderId.AcceptContact),
                    'r' => Is(name, SipHeaderId.RejectContact),
                    _ => SipHeaderId.Unknown,
                };
            case 15: return Is(name, SipHeaderId.SessionExpires);
            case 16:
                return (name[0] | 0x20) switch
                {
                    'c' => Is(name, SipHeaderId.ContentEncoding),
                    'w' => Is(name, SipHeaderId.WwwAuthenticate),
                    _ => SipHeaderId.Unknown,
                };
            case 18: return Is(name, SipHeaderId.ProxyAuthenticate);
            case 19: return Is(name, SipHeaderId.ProxyAuthorization) | Is(name, SipHeaderId.RequestDisposition);
            default: return SipHeaderId.Unknown;
        }
    }

    private static SipHeaderId Is(ReadOnlySpan<byte> name, SipHeaderId candidate) =>
        System.Text.Ascii.EqualsIgnoreCase(name, CanonicalUtf8[(int)candidate]) ? candidate : SipHeaderId.Unknown;
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// One via-parm of a Via header field (RFC 3261 §20.42, §18.2.1; RFC 3581 rport; RFC 5118 IPv6):
/// <c>sent-protocol LWS sent-by *( SEMI via-params )</c>, for example
/// <c>SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport</c>.
/// </summary>
/// <remarks>
/// Parsing accepts linear whitespace (including folded lines) around <c>/</c>, <c>:</c>, <c>;</c> and <c>=</c>
/// and validates the well-known parameters: <c>branch</c> must be a token, <c>received</c> an IPv4 or IPv6
/// address (with or without brackets), <c>rport</c> an optional port number, <c>ttl</c> 0–255 and
/// <c>maddr</c> a host. While the value is unmodified <see cref="ToString"/> returns the parsed text verbatim.
/// </remarks>
public sealed class SipVia
{
    /// <summary>The magic cookie that starts every RFC 3261 branch (§8.1.1.7); compared case-sensitively.</summary>
    public const string MagicCookie = "z9hG4bK";

    private readonly string? _original;
    private readonly int _originalVersion;

    private SipVia(string protocol, string version, string transport, string host, int? port, SipParameters parameters, string? original)
    {
        Protocol = protocol;
        Version = version;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
        _original = original;
        _originalVersion = parameters.Version;
    }

    /// <summary>
    /// Creates a Via for a request sent from this element: <c>SIP/2.0/{transport} {host}[:{port}];branch={branch}</c>.
    /// An IPv6 <paramref name="host"/> may be given with or without brackets; it is stored with them.
    /// </summary>
    /// <param name="transport">The transport token, for example <c>UDP</c>, <c>TCP</c>, <c>TLS</c> or <c>WSS</c>.</param>
    /// <param name="host">The sent-by host: a hostname, an IPv4 address or an IPv6 address.</param>
    /// <param name="port">The sent-by port, or <see langword="null"/> to omit it.</param>
    /// <param name="branch">The branch parameter (a token; normally starting with <see cref="MagicCookie"/>).</param>
    /// <exception cref="ArgumentException">An argument is not valid for a Via header.</exception>
    public SipVia(string transport, string host, int? port, string branch)
    {
        ArgumentException.ThrowIfNullOrEmpty(transport);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(branch);
        if (!SipCharacters.IsToken(transport.AsSpan())) throw new ArgumentException("The transport must be a token.", nameof(transport));
        if (host[0] != '[' && HeaderSyntax.IsIPv6(host)) host = "[" + host + "]";
        if (!HeaderSyntax.IsHost(host)) throw new ArgumentException("The host is not a hostname or IP address.", nameof(host));
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be in 0..65535.");
        if (!SipCharacters.IsToken(branch.AsSpan())) throw new ArgumentException("The branch must be a token.", nameof(branch));
        Protocol = "SIP";
        Version = "2.0";
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = new SipParameters();
        Parameters.Add("branch", branch);
    }

    /// <summary>The protocol name of sent-protocol, normally <c>SIP</c>.</summary>
    public string Protocol { get; }

    /// <summary>The protocol version of sent-protocol, normally <c>2.0</c>.</summary>
    public string Version { get; }

    /// <summary>The transport as written (<c>UDP</c>, <c>TCP</c>, <c>TLS</c>, <c>SCTP</c>, <c>WS</c>, <c>WSS</c> or any token).</summary>
    public string Transport { get; }

    /// <summary>The sent-by host; an IPv6 address keeps its brackets (<c>[2001:db8::1]</c>).</summary>
    public string Host { get; }

    /// <summary>The sent-by port, or <see langword="null"/> when absent.</summary>
    public int? Port { get; }

    /// <summary>All via-params in order, including branch, received, rport, maddr and ttl.</summary>
    public SipParameters Parameters { get; }

    /// <summary>sent-by as <c>host[:port]</c>.</summary>
    public string SentBy => Port is { } port ? Host + ":" + port.ToString(CultureInfo.InvariantCulture) : Host;

    /// <summary>
    /// The branch parameter, or <see langword="null"/> when absent. Setting a value replaces it (it must be a
    /// token); setting <see langword="null"/> removes it.
    /// </summary>
    /// <exception cref="ArgumentException">The value set is not a token.</exception>
    public string? Branch
    {
        get => Parameters.GetValue("branch");
        set
        {
            if (value is null)
            {
                Parameters.Remove("branch");
                return;
            }

            if (!SipCharacters.IsToken(value.AsSpan())) throw new ArgumentException("The branch must be a token.", nameof(value));
            Parameters.Set("branch", value);
        }
    }

    /// <summary>True when the branch starts with the RFC 3261 magic cookie <c>z9hG4bK</c> (case-sensitive).</summary>
    public bool IsRfc3261Branch => Branch is { } branch && branch.StartsWith(MagicCookie, StringComparison.Ordinal);

    /// <summary>
    /// The received parameter (the source address seen by the next hop), or <see langword="null"/>. An IPv6
    /// address may appear with or without brackets (RFC 5118 §4.5) and is returned as written. Setting
    /// <see langword="null"/> removes it.
    /// </summary>
    /// <exception cref="ArgumentException">The value set is not an IPv4 or IPv6 address.</exception>
    public string? Received
    {
        get => Parameters.GetValue("received");
        set
        {
            if (value is null)
            {
                Parameters.Remove("received");
                return;
            }

            if (!HeaderSyntax.IsIPAddress(value)) throw new ArgumentException("received must be an IP address.", nameof(value));
            Parameters.Set("received", value);
        }
    }

    /// <summary>True when an <c>rport</c> parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The value of <c>rport</c>, or <see langword="null"/> when it is absent or valueless.</summary>
    public int? RPort =>
        Parameters.GetValue("rport") is { } text && HeaderSyntax.TryParsePort(text, out var port) ? port : null;

    /// <summary>The <c>maddr</c> parameter, or <see langword="null"/>.</summary>
    public string? MAddr => Parameters.GetValue("maddr");

    /// <summary>The <c>ttl</c> parameter (0–255), or <see langword="null"/>.</summary>
    public int? Ttl =>
        Parameters.GetValue("ttl") is { } text && HeaderSyntax.TryParseDigits(text.AsSpan(), 255, out var ttl) ? (int)ttl : null;

    /// <summary>
    /// Sets <c>rport</c>: a port number gives <c>;rport=5060</c> (as a server fills it in), <see langword="null"/>
    /// gives the valueless <c>;rport</c> a client adds to request symmetric response routing.
    /// </summary>
    /// <param name="port">The source port, or <see langword="null"/> for the flag form.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0..65535.</exception>
    public void SetRPort(int? port)
    {
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be in 0..65535.");
        Parameters.Set("rport", port?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Removes the <c>rport</c> parameter; returns whether it was present.</summary>
    public bool RemoveRPort() => Parameters.Remove("rport");

    /// <summary>
    /// Parses one via-parm. Returns false (never throws) when <paramref name="value"/> is not a single valid
    /// via-parm; a comma-separated list fails here (use <see cref="TryParseList"/>).
    /// </summary>
    /// <param name="value">The header field value, possibly with leading/trailing LWS and folding.</param>
    /// <param name="result">The parsed Via, or <see langword="null"/> on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SipVia? result)
    {
        var trimmed = HeaderSyntax.TrimLws(value);
        if (HeaderSyntax.HasOnlyFoldedLineBreaks(trimmed) && TryParseAt(trimmed, 0, out result, out var end) && end == trimmed.Length) return true;
        result = null;
        return false;
    }

    /// <summary>
    /// Parses a comma-separated Via header value (<c>via-parm *(COMMA via-parm)</c>) and appends each entry to
    /// <paramref name="into"/>. Returns false (never throws) on any malformed entry or empty element, in which
    /// case <paramref name="into"/> is left as it was.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="into">The list that receives the parsed entries.</param>
    public static bool TryParseList(ReadOnlySpan<char> value, List<SipVia> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var initialCount = into.Count;
        var s = HeaderSyntax.TrimLws(value);
        if (!HeaderSyntax.HasOnlyFoldedLineBreaks(s)) return false;
        var i = 0;
        while (true)
        {
            if (!TryParseAt(s, i, out var via, out var end))
            {
                into.RemoveRange(initialCount, into.Count - initialCount);
                return false;
            }

            into.Add(via);
            i = HeaderSyntax.SkipLws(s, end);
            if (i == s.Length) return true;
            i++; // the comma: TryParseAt only stops at the end or before a comma.
        }
    }

    /// <summary>Serialises the via-parm; returns the parsed text verbatim when nothing has been changed.</summary>
    public override string ToString()
    {
        if (_original is not null && Parameters.Version == _originalVersion) return _original;
        var builder = new StringBuilder(64);
        builder.Append(Protocol).Append('/').Append(Version).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port) builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        Parameters.AppendTo(builder);
        return builder.ToString();
    }

    // Parses a via-parm starting at (after LWS) position start; on success end is just past it, and the next
    // non-LWS character is a comma or the end of s.
    private static bool TryParseAt(ReadOnlySpan<char> s, int start, [NotNullWhen(true)] out SipVia? result, out int end)
    {
        result = null;
        end = start;
        var i = HeaderSyntax.SkipLws(s, start);
        var first = i;

        var protocolEnd = HeaderSyntax.ScanToken(s, i);
        if (protocolEnd == i) return false;
        var protocol = s[i..protocolEnd];
        if (!TrySlash(s, protocolEnd, out i)) return false;

        var versionEnd = HeaderSyntax.ScanToken(s, i);
        if (versionEnd == i) return false;
        var version = s[i..versionEnd];
        if (!TrySlash(s, versionEnd, out i)) return false;

        var transportEnd = HeaderSyntax.ScanToken(s, i);
        if (transportEnd == i) return false;
        var transport = s[i..transportEnd];

        i = HeaderSyntax.SkipLws(s, transportEnd);
        if (i == transportEnd) return false; // LWS is required between sent-protocol and sent-by

        var hostStart = i;
        if (i < s.Length && s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0) return false;
            i += close + 1;
        }
        else
        {
            while (i < s.Length && (SipCharacters.IsAlphaNumeric(s[i]) || s[i] is '-' or '.')) i++;
        }

        var host = s[hostStart..i];
        if (!HeaderSyntax.IsHost(host)) return false;

        int? port = null;
        var afterHost = HeaderSyntax.SkipLws(s, i);
        if (afterHost < s.Length && s[afterHost] == ':')
        {
            var portStart = HeaderSyntax.SkipLws(s, afterHost + 1);
            var portEnd = portStart;
            while (portEnd < s.Length && SipCharacters.IsDigit(s[portEnd])) portEnd++;
            if (!HeaderSyntax.TryParsePort(s[portStart..portEnd], out var p)) return false;
            port = p;
            i = portEnd;
        }

        var parameters = new SipParameters();
        if (!HeaderParameterParser.TryParse(s, ref i, parameters)) return false;
        if (!ValidateParameters(parameters)) return false;

        var next = HeaderSyntax.SkipLws(s, i);
        if (next < s.Length && s[next] != ',') return false;

        var original = s[first..i].ToString();
        result = new SipVia(
            Intern(protocol, "SIP"),
            Intern(version, "2.0"),
            InternTransport(transport),
            host.ToString(),
            port,
            parameters,
            original);
        end = i;
        return true;
    }

    private static bool TrySlash(ReadOnlySpan<char> s, int i, out int next)
    {
        i = HeaderSyntax.SkipLws(s, i);
        if (i >= s.Length || s[i] != '/')
        {
            next = i;
            return false;
        }

        next = HeaderSyntax.SkipLws(s, i + 1);
        return true;
    }

    private static bool ValidateParameters(SipParameters parameters)
    {
        foreach (var p in parameters)
        {
            var v = p.Value;
            if (string.Equals(p.Name, "branch", StringComparison.OrdinalIgnoreCase))
            {
                if (v is null || !SipCharacters.IsToken(v.AsSpan())) return false;
            }
            else if (string.Equals(p.Name, "received", StringComparison.OrdinalIgnoreCase))
            {
                if (v is null || !HeaderSyntax.IsIPAddress(v)) return false;
            }
            else if (string.Equals(p.Name, "rport", StringComparison.OrdinalIgnoreCase))
            {
                if (v is not null && !HeaderSyntax.TryParsePort(v, out _)) return false;
            }
            else if (string.Equals(p.Name, "ttl", StringComparison.OrdinalIgnoreCase))
            {
                if (v is null || v.Length > 3 || !HeaderSyntax.TryParseDigits(v.AsSpan(), 255, out _)) return false;
            }
            else if (string.Equals(p.Name, "maddr", StringComparison.OrdinalIgnoreCase))
            {
                if (v is null || !HeaderSyntax.IsHost(v)) return false;
            }
        }

        return true;
    }

    private static string Intern(ReadOnlySpan<char> s, string common) =>
        s.SequenceEqual(common) ? common : s.ToString();

    private static string InternTransport(ReadOnlySpan<char> s) => s switch
    {
        "UDP" => "UDP",
        "TCP" => "TCP",
        "TLS" => "TLS",
        "WS" => "WS",
        "WSS" => "WSS",
        "SCTP" => "SCTP",
        _ => s.ToString(),
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// An <c>a=candidate</c> value (RFC 8839 §5.1, with <c>tcptype</c> from RFC 6544 §4.5):
/// <c>&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
/// [raddr &lt;addr&gt;] [rport &lt;port&gt;] [tcptype &lt;t&gt;] *(&lt;name&gt; &lt;value&gt;)</c>.
/// </summary>
public sealed record SdpCandidate
{
    /// <summary>Creates a candidate.</summary>
    /// <param name="foundation">The foundation (1–32 ice-chars).</param>
    /// <param name="component">The component id: 1 for RTP, 2 for RTCP.</param>
    /// <param name="transport">The transport, e.g. <c>udp</c> or <c>tcp</c>.</param>
    /// <param name="priority">The candidate priority (RFC 8445 §5.1.2).</param>
    /// <param name="address">The candidate's address (or an mDNS name).</param>
    /// <param name="port">The candidate's port.</param>
    /// <param name="type">The candidate type: <c>host</c>, <c>srflx</c>, <c>prflx</c> or <c>relay</c>.</param>
    /// <param name="relatedAddress">The related address (<c>raddr</c>), when given.</param>
    /// <param name="relatedPort">The related port (<c>rport</c>), when given.</param>
    /// <param name="tcpType">The TCP candidate type (<c>active</c>, <c>passive</c>, <c>so</c>), when given.</param>
    /// <param name="extensions">Further name/value pairs (e.g. <c>generation 0</c>), in order; none when null.</param>
    public SdpCandidate(
        string foundation, int component, string transport, uint priority, string address, int port, string type,
        string? relatedAddress = null, int? relatedPort = null, string? tcpType = null,
        IReadOnlyList<KeyValuePair<string, string>>? extensions = null)
    {
        Foundation = foundation;
        Component = component;
        Transport = transport;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        RelatedAddress = relatedAddress;
        RelatedPort = relatedPort;
        TcpType = tcpType;
        Extensions = extensions ?? [];
    }

    /// <summary>The foundation.</summary>
    public string Foundation { get; init; }

    /// <summary>The component id: 1 for RTP, 2 for RTCP.</summary>
    public int Component { get; init; }

    /// <summary>The transport, e.g. <c>udp</c> (compare case-insensitively).</summary>
    public string Transport { get; init; }

    /// <summary>The priority.</summary>
    public uint Priority { get; init; }

    /// <summary>The address (IP literal or mDNS name).</summary>
    public string Address { get; init; }

    /// <summary>The port.</summary>
    public int Port { get; init; }

    /// <summary>The candidate type: <c>host</c>, <c>srflx</c>, <c>prflx</c> or <c>relay</c>.</summary>
    public string Type { get; init; }

    /// <summary>The related address (<c>raddr</c>), when given.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>The related port (<c>rport</c>), when given.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>The TCP candidate type (<c>tcptype</c>), when given.</summary>
    public string? TcpType { get; init; }

    /// <summary>Any further extension name/value pairs, in order (e.g. <c>generation 0</c>, <c>network-id 1</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; }

    /// <inheritdoc />
    public bool Equals(SdpCandidate? other) =>
        other is not null
        && Foundation == other.Foundation && Component == other.Component && Transport == other.Transport
        && Priority == other.Priority && Address == other.Address && Port == other.Port && Type == other.Type
        && RelatedAddress == other.RelatedAddress && RelatedPort == other.RelatedPort && TcpType == other.TcpType
        && SdpEquality.SequenceEqual(Extensions, other.Extensions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Foundation, Component, Priority, Address, Port, Type);

    /// <summary>The text after <c>a=candidate:</c>.</summary>
    /// <returns>The candidate value.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(96);
        text.Append(CultureInfo.InvariantCulture, $"{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {Type}");
        if (RelatedAddress is not null) text.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is { } rport) text.Append(CultureInfo.InvariantCulture, $" rport {rport}");
        if (TcpType is not null) text.Append(" tcptype ").Append(TcpType);
        foreach (var (name, value) in Extensions) text.Append(' ').Append(name).Append(' ').Append(value);
        return text.ToString();
    }

    /// <summary>Parses the text after <c>a=candidate:</c> (a leading <c>candidate:</c> is accepted too, as in trickle).</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="candidate">The parsed candidate, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a valid candidate.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpCandidate? candidate)
    {
        candidate = null;
        if (value.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase)) value = value["candidate:".Length..];
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var foundation) || !tokens.Next(out var componentText) || !tokens.Next(out var transport)
            || !tokens.Next(out var priorityText) || !tokens.Next(out var address) || !tokens.Next(out var portText)
            || !tokens.Next(out var typ) || !tokens.Next(out var type))
        {
            return false;
        }

        if (!SdpSyntax.TryParseInt32(componentText, 256, out var component) || component == 0
            || !SdpSyntax.TryParseUInt64(priorityText, out var priority) || priority > uint.MaxValue
            || !SdpSyntax.TryParseInt32(portText, 65535, out var port)
            || !typ.Equals("typ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? relatedAddress = null, tcpType = null;
        int? relatedPort = null;
        List<KeyValuePair<string, string>>? extensions = null;
        while (tokens.Next(out var name))
        {
            if (!tokens.Next(out var extensionValue)) return false;
            if (name.Equals("raddr", StringComparison.OrdinalIgnoreCase) && relatedAddress is null && extensions is null)
            {
                relatedAddress = SdpSyntax.Intern(extensionValue);
            }
            else if (name.Equals("rport", StringComparison.OrdinalIgnoreCase) && relatedPort is null && extensions is null)
            {
                if (!SdpSyntax.TryParseInt32(extensionValue, 65535, out var rport)) return false;
                relatedPort = rport;
            }
            else if (name.Equals("tcptype", StringComparison.OrdinalIgnoreCase) && tcpType is null && extensions is null)
            {
                tcpType = extensionValue.ToString();
            }
            else
            {
                (extensions ??= []).Add(new(name.ToString(), extensionValue.ToString()));
            }
        }

        candidate = new SdpCandidate(
            foundation.ToString(), component, SdpSyntax.Intern(transport), (uint)priority, address.ToString(), port,
            type.ToString(), relatedAddress, relatedPort, tcpType, extensions);
        return true;
    }
}

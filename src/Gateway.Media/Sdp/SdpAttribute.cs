using System.Diagnostics.CodeAnalysis;

namespace Gateway.Media.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): a property attribute <c>a=&lt;name&gt;</c> (<see cref="Value"/> is null) or
/// a value attribute <c>a=&lt;name&gt;:&lt;value&gt;</c>. The value is kept verbatim (everything after the first colon,
/// spaces included), so <c>a=msid-semantic: WMS</c> has the value <c>" WMS"</c> and writes back unchanged.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Named after the SDP a= line it models, not a .NET attribute.")]
public sealed record SdpAttribute
{
    /// <summary>Creates an attribute.</summary>
    /// <param name="name">The attribute name: an RFC 8866 token, e.g. <c>rtpmap</c>.</param>
    /// <param name="value">The text after the first colon, or null for a property (flag) attribute.</param>
    /// <exception cref="ArgumentException">The name is not a token, or the value holds a CR, LF or NUL.</exception>
    public SdpAttribute(string name, string? value = null)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The attribute name (RFC 8866 token), e.g. <c>rtpmap</c>.</summary>
    public string Name
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!SdpSyntax.IsToken(value)) throw new ArgumentException("An attribute name must be a non-empty RFC 8866 token.", nameof(value));
            field = value;
        }
    }

    /// <summary>The text after the first colon, or null for a property (flag) attribute.</summary>
    public string? Value
    {
        get;
        init
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>True for a property attribute such as <c>a=rtcp-mux</c> (no colon, no value).</summary>
    public bool IsFlag => Value is null;

    /// <summary>True when <see cref="Name"/> equals <paramref name="name"/> (ASCII case-insensitive).</summary>
    /// <param name="name">The attribute name to compare with.</param>
    /// <returns>Whether the names match.</returns>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text after <c>a=</c>: <c>name</c> or <c>name:value</c>.</summary>
    /// <returns>The attribute as it appears in SDP, without the <c>a=</c> prefix.</returns>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

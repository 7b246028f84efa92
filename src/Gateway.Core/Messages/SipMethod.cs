using System.Text;

namespace Gateway.Core.Messages;

/// <summary>
/// A SIP request method. The methods of RFC 3261 and its common extensions are shared instances recognised from
/// wire bytes without allocating; any other token is an extension method. Methods are case-sensitive
/// (RFC 3261 §7.1).
/// </summary>
public readonly struct SipMethod : IEquatable<SipMethod>
{
    private readonly string? _name;

    private SipMethod(string name) => _name = name;

    /// <summary>INVITE.</summary>
    public static SipMethod Invite { get; } = new("INVITE");
    /// <summary>ACK.</summary>
    public static SipMethod Ack { get; } = new("ACK");
    /// <summary>BYE.</summary>
    public static SipMethod Bye { get; } = new("BYE");
    /// <summary>CANCEL.</summary>
    public static SipMethod Cancel { get; } = new("CANCEL");
    /// <summary>REGISTER.</summary>
    public static SipMethod Register { get; } = new("REGISTER");
    /// <summary>OPTIONS.</summary>
    public static SipMethod Options { get; } = new("OPTIONS");
    /// <summary>PRACK (RFC 3262).</summary>
    public static SipMethod Prack { get; } = new("PRACK");
    /// <summary>SUBSCRIBE (RFC 6665).</summary>
    public static SipMethod Subscribe { get; } = new("SUBSCRIBE");
    /// <summary>NOTIFY (RFC 6665).</summary>
    public static SipMethod Notify { get; } = new("NOTIFY");
    /// <summary>PUBLISH (RFC 3903).</summary>
    public static SipMethod Publish { get; } = new("PUBLISH");
    /// <summary>INFO (RFC 6086).</summary>
    public static SipMethod Info { get; } = new("INFO");
    /// <summary>REFER (RFC 3515).</summary>
    public static SipMethod Refer { get; } = new("REFER");
    /// <summary>MESSAGE (RFC 3428).</summary>
    public static SipMethod Message { get; } = new("MESSAGE");
    /// <summary>UPDATE (RFC 3311).</summary>
    public static SipMethod Update { get; } = new("UPDATE");

    /// <summary>The method token, e.g. <c>INVITE</c>.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>True for INVITE.</summary>
    public bool IsInvite => ReferenceEquals(_name, Invite._name);

    /// <summary>True for ACK.</summary>
    public bool IsAck => ReferenceEquals(_name, Ack._name);

    /// <summary>True for CANCEL.</summary>
    public bool IsCancel => ReferenceEquals(_name, Cancel._name);

    /// <summary>
    /// Creates a method from a token. Known methods return the shared instance. Throws <see cref="FormatException"/>
    /// when <paramref name="name"/> is not a token.
    /// </summary>
    public static SipMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Syntax.SipCharacters.IsToken(name)) throw new FormatException($"'{name}' is not a SIP method token.");
        var known = FromKnown(Encoding.ASCII.GetBytes(name));
        return known._name is not null ? known : new SipMethod(name);
    }

    /// <summary>Recognises a method from its wire bytes; the caller has checked that they form a token.</summary>
    internal static SipMethod FromBytes(ReadOnlySpan<byte> token)
    {
        var known = FromKnown(token);
        return known._name is not null ? known : new SipMethod(Encoding.ASCII.GetString(token));
    }

    private static SipMethod FromKnown(ReadOnlySpan<byte> token) => token.Length switch
    {
        3 when token.SequenceEqual("ACK"u8) => Ack,
        3 when token.SequenceEqual("BYE"u8) => Bye,
        4 when token.SequenceEqual("INFO"u8) => Info,
        5 when token.SequenceEqual("PRACK"u8) => Prack,
        5 when token.SequenceEqual("REFER"u8) => Refer,
        6 when token.SequenceEqual("INVITE"u8) => Invite,
        6 when token.SequenceEqual("CANCEL"u8) => Cancel,
        6 when token.SequenceEqual("NOTIFY"u8) => Notify,
        6 when token.SequenceEqual("UPDATE"u8) => Update,
        7 when token.SequenceEqual("OPTIONS"u8) => Options,
        7 when token.SequenceEqual("PUBLISH"u8) => Publish,
        7 when token.SequenceEqual("MESSAGE"u8) => Message,
        8 when token.SequenceEqual("REGISTER"u8) => Register,
        9 when token.SequenceEqual("SUBSCRIBE"u8) => Subscribe,
        _ => default,
    };

    /// <summary>True when this method is one of <paramref name="methods"/>.</summary>
    public bool IsAnyOf(params ReadOnlySpan<SipMethod> methods)
    {
        foreach (var m in methods)
        {
            if (Equals(m)) return true;
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(SipMethod other) => string.Equals(_name, other._name, StringComparison.Ordinal);

    /// <summary>True when the method's token equals <paramref name="name"/> (case-sensitive).</summary>
    public bool Equals(string? name) => string.Equals(_name, name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipMethod other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _name is null ? 0 : StringComparer.Ordinal.GetHashCode(_name);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Equality of method tokens.</summary>
    public static bool operator ==(SipMethod left, SipMethod right) => left.Equals(right);

    /// <summary>Inequality of method tokens.</summary>
    public static bool operator !=(SipMethod left, SipMethod right) => !left.Equals(right);
}

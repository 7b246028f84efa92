using Gateway.Core.Messages;

namespace Gateway.Core.Nat;

/// <summary>
/// The CRLF CRLF keep-alive as a message any <see cref="Transport.SipFlow"/> can send: an empty start line, no headers
/// and the blank line serialise to exactly <c>\r\n\r\n</c>. Neither a request nor a response; only ever sent.
/// </summary>
internal sealed class NatPingMessage : SipMessage
{
    public static readonly NatPingMessage Instance = new();

    private NatPingMessage()
    {
    }

    public override bool IsRequest => false;

    private protected override int GetStartLineLength() => 2;

    private protected override int WriteStartLine(Span<byte> destination)
    {
        destination[0] = (byte)'\r';
        destination[1] = (byte)'\n';
        return 2;
    }
}

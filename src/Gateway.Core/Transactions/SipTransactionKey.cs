using System.Globalization;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Transactions;

/// <summary>
/// What identifies a transaction (RFC 3261 §17.1.3, §17.2.3). A client key is the branch plus the CSeq method; a
/// server key is the branch, the sent-by of the top Via and the method (ACK and CANCEL look up their INVITE), or,
/// for requests without an RFC 3261 branch, the RFC 2543 tuple: Request-URI, To tag, From tag, Call-ID, CSeq
/// number and top Via. Compared without allocating; the text form is built only on demand.
/// </summary>
internal readonly struct SipTransactionKey : IEquatable<SipTransactionKey>
{
    private SipTransactionKey(string? branch, string? host, int port, string method, bool isRfc2543, string? transport, string? callId, string? fromTag, string? toTag, uint cseq, string? requestUri)
    {
        Branch = branch;
        Host = host;
        Port = port;
        Method = method;
        IsRfc2543 = isRfc2543;
        Transport = transport;
        CallId = callId;
        FromTag = fromTag;
        ToTag = toTag;
        CSeqNumber = cseq;
        RequestUri = requestUri;
    }

    public string? Branch { get; }

    public string? Host { get; }

    public int Port { get; }

    public string Method { get; }

    public bool IsRfc2543 { get; }

    public string? Transport { get; }

    public string? CallId { get; }

    public string? FromTag { get; }

    public string? ToTag { get; }

    public uint CSeqNumber { get; }

    public string? RequestUri { get; }

    /// <summary>The key of a client transaction: the branch it put in its Via and the request method (§17.1.3).</summary>
    public static SipTransactionKey ForClient(string branch, string method) =>
        new(branch, null, 0, method, false, null, null, null, null, 0, null);

    /// <summary>
    /// Builds the server-side key of <paramref name="request"/> (§17.2.3) using <paramref name="method"/> as the
    /// method to match (INVITE for an ACK or a CANCEL looking for its INVITE). For an RFC 2543 request the key holds
    /// the request's To tag when <paramref name="useRequestToTag"/> is true, else none (an ACK looking for the INVITE
    /// that had no To tag). False when the request has no usable top Via, CSeq or Call-ID.
    /// </summary>
    public static bool TryCreateForServer(SipRequest request, string method, bool useRequestToTag, out SipTransactionKey key)
    {
        key = default;
        var via = request.TopVia;
        if (via is null) return false;
        var port = via.Port ?? DefaultPort(via.Transport);
        var branch = via.Branch;

        // RFC 3261 §17.2.3: a branch with the magic cookie identifies the transaction. RFC 4475 §3.2.1: a branch that
        // is the cookie alone identifies nothing, so such a request falls back to the RFC 2543 rules.
        if (branch is not null && branch.Length > SipVia.MagicCookie.Length && branch.StartsWith(SipVia.MagicCookie, StringComparison.Ordinal))
        {
            key = new SipTransactionKey(branch, via.Host, port, method, false, null, null, null, null, 0, null);
            return true;
        }

        var cseq = request.CSeq;
        var callId = request.CallId;
        if (cseq is null || callId is null) return false;
        var toTag = useRequestToTag ? request.To?.Tag : null;
        key = new SipTransactionKey(branch, via.Host, port, method, true, via.Transport, callId, request.From?.Tag, toTag, cseq.Number, request.RequestUriText);
        return true;
    }

    /// <summary>The same key for another method (a CANCEL's key turned into the key of the INVITE it cancels).</summary>
    public SipTransactionKey WithMethod(string method) =>
        new(Branch, Host, Port, method, IsRfc2543, Transport, CallId, FromTag, ToTag, CSeqNumber, RequestUri);

    /// <summary>The same RFC 2543 key with another To tag.</summary>
    public SipTransactionKey WithToTag(string? toTag) =>
        new(Branch, Host, Port, Method, IsRfc2543, Transport, CallId, FromTag, toTag, CSeqNumber, RequestUri);

    public bool Equals(SipTransactionKey other) =>
        IsRfc2543 == other.IsRfc2543
        && Port == other.Port
        && CSeqNumber == other.CSeqNumber
        && string.Equals(Method, other.Method, StringComparison.Ordinal)
        && string.Equals(Branch, other.Branch, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Transport, other.Transport, StringComparison.OrdinalIgnoreCase)
        && string.Equals(CallId, other.CallId, StringComparison.Ordinal)
        && string.Equals(FromTag, other.FromTag, StringComparison.Ordinal)
        && string.Equals(ToTag, other.ToTag, StringComparison.Ordinal)
        && string.Equals(RequestUri, other.RequestUri, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SipTransactionKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Branch, StringComparer.OrdinalIgnoreCase);
        hash.Add(Host, StringComparer.OrdinalIgnoreCase);
        hash.Add(Port);
        hash.Add(Method, StringComparer.Ordinal);
        if (IsRfc2543)
        {
            hash.Add(CallId, StringComparer.Ordinal);
            hash.Add(CSeqNumber);
            hash.Add(FromTag, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The key as text, for <see cref="SipServerTransaction.Id"/> and logs.</summary>
    public override string ToString()
    {
        if (!IsRfc2543)
        {
            return Host is null
                ? string.Create(CultureInfo.InvariantCulture, $"{Branch};{Method}")
                : string.Create(CultureInfo.InvariantCulture, $"{Branch};{Host}:{Port};{Method}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"rfc2543;{RequestUri};{CallId};{CSeqNumber};{FromTag};{ToTag};{Transport} {Host}:{Port};{Branch};{Method}");
    }

    public static bool operator ==(SipTransactionKey left, SipTransactionKey right) => left.Equals(right);

    public static bool operator !=(SipTransactionKey left, SipTransactionKey right) => !left.Equals(right);

    private static int DefaultPort(string transport) =>
        SipTransportKindExtensions.TryParse(transport, out var kind) ? kind.DefaultPort() : 5060;
}

using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Syntax;
using Gateway.Core.Uris;

namespace Gateway.Core.Parsing;

/// <summary>
/// Checks the header values of a framed message against their grammar and ranges (RFC 3261 §8.1.1, §20, §25):
/// the mandatory fields are present once and parse, CSeq matches the method, numbers are in range. This is the work
/// the parser defers; an element runs it before it acts on a message and answers any error with 400 (RFC 3261
/// §16.3, §8.2.2). Values it parses stay cached on the message for later use.
/// </summary>
public static class SipMessageValidator
{
    /// <summary>Validates <paramref name="message"/>; returns the first problem found, or <see cref="SipParseError.None"/>.</summary>
    public static SipParseError Validate(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;

        if (message is SipRequest request)
        {
            if (!request.TryGetRequestUri(out var uri)) return new SipParseError(SipParseErrorCode.BadRequestUri);

            // A Request-URI may not carry URI headers (RFC 3261 §19.1.1 table: "headers" not allowed in the R-URI).
            if (uri.Scheme is SipUriScheme.Sip or SipUriScheme.Sips && uri.Headers.Count > 0) return new SipParseError(SipParseErrorCode.BadRequestUri);
        }

        // Mandatory and single-valued fields (RFC 3261 §8.1.1, §20: Call-ID, CSeq, From, To are not lists).
        if (!headers.Contains(SipHeaderId.Via)) return Missing(SipHeaderId.Via);
        var single = CheckSingle(headers, SipHeaderId.From) ?? CheckSingle(headers, SipHeaderId.To) ?? CheckSingle(headers, SipHeaderId.CallId) ?? CheckSingle(headers, SipHeaderId.CSeq);
        if (single is { } singleError) return singleError;
        if (CheckAtMostOne(headers, SipHeaderId.MaxForwards) is { } mfError) return mfError;

        if (!message.TryGetVias(out _)) return Bad(SipHeaderId.Via);
        if (message.From is null) return Bad(SipHeaderId.From);
        if (message.To is null) return Bad(SipHeaderId.To);
        if (!IsCallId(message.CallId!)) return Bad(SipHeaderId.CallId);
        var cseq = message.CSeq;
        if (cseq is null) return Bad(SipHeaderId.CSeq);
        if (message is SipRequest r && !r.Method.Equals(cseq.Method)) return new SipParseError(SipParseErrorCode.CSeqMismatch, SipHeaderNames.GetName(SipHeaderId.CSeq));

        if (headers.Contains(SipHeaderId.MaxForwards) && message.MaxForwards is null) return Bad(SipHeaderId.MaxForwards);
        if (headers.Contains(SipHeaderId.Expires) && message.Expires is null) return Bad(SipHeaderId.Expires);

        if (!message.TryGetContacts(out var contacts)) return Bad(SipHeaderId.Contact);
        foreach (var contact in contacts)
        {
            // The expires contact-param is delta-seconds (RFC 3261 §20.10); q is 0..1 with up to three decimals.
            var expires = contact.Parameters.GetValue("expires");
            if (expires is not null && !SipNumericHeader.TryParseDeltaSeconds(expires, out _)) return Bad(SipHeaderId.Contact);
            var q = contact.Parameters.GetValue("q");
            if (q is not null && !IsQValue(q)) return Bad(SipHeaderId.Contact);
        }

        if (!message.TryGetRoutes(out _)) return Bad(SipHeaderId.Route);
        if (!message.TryGetRecordRoutes(out _)) return Bad(SipHeaderId.RecordRoute);

        for (var i = 0; i < headers.Count; i++)
        {
            var id = headers.GetId(i);
            var ok = id switch
            {
                SipHeaderId.ContentType => SipMediaType.TryParse(headers.GetValue(i), out _),
                SipHeaderId.Date => SipDate.TryParse(headers.GetValue(i), out _),
                SipHeaderId.Warning => SipWarning.TryParseList(headers.GetValue(i), []),
                SipHeaderId.RetryAfter => IsRetryAfter(headers.GetValue(i)),
                SipHeaderId.MinExpires => SipNumericHeader.TryParseDeltaSeconds(headers.GetValue(i), out _),
                SipHeaderId.Allow or SipHeaderId.Supported or SipHeaderId.Require or SipHeaderId.ProxyRequire or SipHeaderId.Unsupported
                    => SipTokenList.TryParse(headers.GetValue(i), []),
                _ => true,
            };
            if (!ok) return Bad(id);
        }

        return SipParseError.None;
    }

    private static SipParseError Missing(SipHeaderId id) => new(SipParseErrorCode.MissingHeader, SipHeaderNames.GetName(id));

    private static SipParseError Bad(SipHeaderId id) => new(SipParseErrorCode.BadHeaderValue, SipHeaderNames.GetName(id));

    private static SipParseError? CheckSingle(SipHeaderCollection headers, SipHeaderId id)
    {
        if (!headers.Contains(id)) return Missing(id);
        return CheckAtMostOne(headers, id);
    }

    private static SipParseError? CheckAtMostOne(SipHeaderCollection headers, SipHeaderId id)
    {
        var first = headers.IndexOf(id);
        if (first < 0 || headers.IndexOf(id, first + 1) < 0) return null;
        return new SipParseError(SipParseErrorCode.DuplicateHeader, SipHeaderNames.GetName(id));
    }

    /// <summary>callid = word [ "@" word ] (RFC 3261 §25.1).</summary>
    private static bool IsCallId(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var left = at < 0 ? value.AsSpan() : value.AsSpan(0, at);
        var right = at < 0 ? ReadOnlySpan<char>.Empty : value.AsSpan(at + 1);
        return IsWord(left) && (at < 0 || IsWord(right));

        static bool IsWord(ReadOnlySpan<char> s)
        {
            if (s.IsEmpty) return false;
            foreach (var c in s)
            {
                if (!SipCharacters.IsWord(c)) return false;
            }

            return true;
        }
    }

    /// <summary>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).</summary>
    private static bool IsQValue(string value)
    {
        if (value.Length == 0 || value.Length > 5 || (value[0] != '0' && value[0] != '1')) return false;
        if (value.Length == 1) return true;
        if (value[1] != '.') return false;
        for (var i = 2; i < value.Length; i++)
        {
            if (!SipCharacters.IsDigit(value[i]) || (value[0] == '1' && value[i] != '0')) return false;
        }

        return true;
    }

    /// <summary>Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (RFC 3261 §20.33).</summary>
    private static bool IsRetryAfter(string value)
    {
        var end = 0;
        while (end < value.Length && SipCharacters.IsDigit(value[end])) end++;
        return end > 0 && SipNumericHeader.TryParseDeltaSeconds(value.AsSpan(0, end), out _);
    }
}

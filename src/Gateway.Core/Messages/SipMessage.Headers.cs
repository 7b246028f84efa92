using System.Globalization;
using Gateway.Core.Headers;
using Gateway.Core.Uris;

namespace Gateway.Core.Messages;

/// <summary>Typed access to the header fields a proxy reads and edits on every hop.</summary>
public abstract partial class SipMessage
{
    private string? _callId;
    private SipCSeq? _cseq;
    private SipNameAddress? _from;
    private SipNameAddress? _to;
    private List<SipVia>? _vias;

    /// <summary>The Call-ID, or <see langword="null"/> when absent.</summary>
    public string? CallId => _callId ??= Headers.GetFirstValue(SipHeaderId.CallId);

    /// <summary>The CSeq, or <see langword="null"/> when absent or malformed.</summary>
    public SipCSeq? CSeq
    {
        get
        {
            if (_cseq is null && Headers.GetFirstValue(SipHeaderId.CSeq) is { } value && SipCSeq.TryParse(value, out var parsed)) _cseq = parsed;
            return _cseq;
        }
    }

    /// <summary>The From header, or <see langword="null"/> when absent or malformed.</summary>
    public SipNameAddress? From => _from ??= ParseNameAddress(SipHeaderId.From);

    /// <summary>The To header, or <see langword="null"/> when absent or malformed.</summary>
    public SipNameAddress? To => _to ??= ParseNameAddress(SipHeaderId.To);

    /// <summary>Replaces the From header (e.g. to add a tag).</summary>
    public void SetFrom(SipNameAddress from)
    {
        ArgumentNullException.ThrowIfNull(from);
        Headers.Set(SipHeaderNames.GetName(SipHeaderId.From), from.ToString());
    }

    /// <summary>Replaces the To header (e.g. a UAS adding its tag to a response, RFC 3261 §8.2.6.2).</summary>
    public void SetTo(SipNameAddress to)
    {
        ArgumentNullException.ThrowIfNull(to);
        Headers.Set(SipHeaderNames.GetName(SipHeaderId.To), to.ToString());
    }

    /// <summary>
    /// Max-Forwards, or <see langword="null"/> when absent or malformed (read from the wire bytes without
    /// allocating). Setting it rewrites the field, or adds it when absent.
    /// </summary>
    public int? MaxForwards
    {
        get
        {
            var i = Headers.IndexOf(SipHeaderId.MaxForwards);
            if (i < 0) return null;
            var ok = Headers.TryGetRawValue(i, out var raw)
                ? SipNumericHeader.TryParseMaxForwards(raw, out var value)
                : SipNumericHeader.TryParseMaxForwards(Headers.GetValue(i), out value);
            return ok ? value : null;
        }

        set
        {
            if (value is null)
            {
                Headers.RemoveAll(SipHeaderNames.GetName(SipHeaderId.MaxForwards));
                return;
            }

            ArgumentOutOfRangeException.ThrowIfNegative(value.Value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Value, 255);
            Headers.Set(SipHeaderNames.GetName(SipHeaderId.MaxForwards), value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The top Via (the first value of the first Via field), or <see langword="null"/> when absent or malformed.</summary>
    public SipVia? TopVia => TryGetVias(out var vias) && vias.Count > 0 ? vias[0] : null;

    /// <summary>Every Via value, top first. False when a Via field is malformed.</summary>
    public bool TryGetVias(out IReadOnlyList<SipVia> vias)
    {
        if (_vias is null)
        {
            var list = new List<SipVia>();
            for (var i = Headers.IndexOf(SipHeaderId.Via); i >= 0; i = Headers.IndexOf(SipHeaderId.Via, i + 1))
            {
                if (!SipVia.TryParseList(Headers.GetValue(i), list))
                {
                    vias = [];
                    return false;
                }
            }

            _vias = list;
        }

        vias = _vias;
        return true;
    }

    /// <summary>
    /// Pushes <paramref name="via"/> as the new top Via, in a field of its own before every other field
    /// (RFC 3261 §16.6 step 8).
    /// </summary>
    public void PushVia(SipVia via)
    {
        ArgumentNullException.ThrowIfNull(via);
        Headers.Insert(0, SipHeaderNames.GetName(SipHeaderId.Via), via.ToString());
    }

    /// <summary>
    /// Removes the top Via value (RFC 3261 §16.7 step 3): the whole first Via field when it holds one value, else
    /// its first comma-separated value. Returns the removed value, or <see langword="null"/> when there is none
    /// or it is malformed.
    /// </summary>
    public SipVia? PopVia() => RemoveFirstElement<SipVia>(SipHeaderId.Via, static (text, list) => SipVia.TryParseList(text, list));

    /// <summary>
    /// Replaces the top Via value with <paramref name="via"/>, e.g. after adding <c>received</c>/<c>rport</c>
    /// (RFC 3261 §18.2.1, RFC 3581 §4). Other values of the same field are kept.
    /// </summary>
    public void SetTopVia(SipVia via)
    {
        ArgumentNullException.ThrowIfNull(via);
        var cached = _vias;
        ReplaceFirstElement<SipVia>(SipHeaderId.Via, via.ToString(), static (text, list) => SipVia.TryParseList(text, list));

        // Only the top value changed: keep the parsed list instead of parsing every Via again on the next access
        // (every received request goes through here for received/rport).
        if (cached is { Count: > 0 })
        {
            cached[0] = via;
            _vias = cached;
        }
    }

    /// <summary>The Route values, in order (empty when absent). False when a Route field is malformed.</summary>
    public bool TryGetRoutes(out List<SipNameAddress> routes) => TryGetNameAddresses(SipHeaderId.Route, out routes);

    /// <summary>The Record-Route values, in order (empty when absent). False when a field is malformed.</summary>
    public bool TryGetRecordRoutes(out List<SipNameAddress> recordRoutes) => TryGetNameAddresses(SipHeaderId.RecordRoute, out recordRoutes);

    /// <summary>The Contact values, in order (empty when absent or <c>*</c>). False when a field is malformed.</summary>
    public bool TryGetContacts(out List<SipNameAddress> contacts)
    {
        var i = Headers.IndexOf(SipHeaderId.Contact);
        if (i >= 0 && SipContact.IsWildcard(Headers.GetValue(i)))
        {
            contacts = [];
            return true;
        }

        return TryGetNameAddresses(SipHeaderId.Contact, out contacts);
    }

    /// <summary>True when the message carries <c>Contact: *</c> (a REGISTER removing every binding, RFC 3261 §10.2.2).</summary>
    public bool HasWildcardContact
    {
        get
        {
            var i = Headers.IndexOf(SipHeaderId.Contact);
            return i >= 0 && SipContact.IsWildcard(Headers.GetValue(i));
        }
    }

    /// <summary>Removes the first Route value (a proxy consuming its own entry, RFC 3261 §16.4); returns it.</summary>
    public SipNameAddress? PopRoute() => RemoveFirstElement<SipNameAddress>(SipHeaderId.Route, static (text, list) => SipNameAddress.TryParseList(text, list));

    /// <summary>Inserts <paramref name="recordRoute"/> as the first Record-Route value, in a field of its own (RFC 3261 §16.6 step 4).</summary>
    public void PrependRecordRoute(SipNameAddress recordRoute)
    {
        ArgumentNullException.ThrowIfNull(recordRoute);
        Headers.Prepend(SipHeaderNames.GetName(SipHeaderId.RecordRoute), recordRoute.ToString());
    }

    /// <summary>The Content-Type value, or <see langword="null"/>.</summary>
    public string? ContentType => Headers.GetFirstValue(SipHeaderId.ContentType);

    /// <summary>The Content-Type as a media type, or <see langword="null"/> when absent or malformed.</summary>
    public SipMediaType? ContentMediaType => ContentType is { } value && SipMediaType.TryParse(value, out var type) ? type : null;

    /// <summary>Content-Length as declared, or <see langword="null"/> when absent or malformed (read without allocating).</summary>
    public int? ContentLength
    {
        get
        {
            var i = Headers.IndexOf(SipHeaderId.ContentLength);
            if (i < 0) return null;
            var ok = Headers.TryGetRawValue(i, out var raw)
                ? SipNumericHeader.TryParseContentLength(raw, out var value)
                : SipNumericHeader.TryParseContentLength(Headers.GetValue(i), out value);
            return ok ? value : null;
        }
    }

    /// <summary>
    /// Collects the tokens of every field of a token-list header (Allow, Supported, Require, Proxy-Require,
    /// Unsupported) into <paramref name="into"/>. False when a field is malformed.
    /// </summary>
    public bool TryGetTokens(SipHeaderId id, List<string> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var i = Headers.IndexOf(id); i >= 0; i = Headers.IndexOf(id, i + 1))
        {
            if (!SipTokenList.TryParse(Headers.GetValue(i), into)) return false;
        }

        return true;
    }

    /// <summary>True when a field of the token-list header <paramref name="id"/> lists <paramref name="token"/> (case-sensitive).</summary>
    public bool HasToken(SipHeaderId id, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        for (var i = Headers.IndexOf(id); i >= 0; i = Headers.IndexOf(id, i + 1))
        {
            if (SipTokenList.Contains(Headers.GetValue(i), token)) return true;
        }

        return false;
    }

    /// <summary>
    /// True when the Allow header lists <paramref name="method"/>; also true when there is no Allow header, since
    /// its absence says nothing (RFC 3261 §20.5). Used to skip contacts that cannot take a method.
    /// </summary>
    public bool Allows(SipMethod method) => !Headers.Contains(SipHeaderId.Allow) || HasToken(SipHeaderId.Allow, method.Name);

    /// <summary>The Path values (RFC 3327), in order (empty when absent). False when a field is malformed.</summary>
    public bool TryGetPaths(out List<SipNameAddress> paths) => TryGetNameAddresses(SipHeaderId.Path, out paths);

    /// <summary>The Expires value in seconds, or <see langword="null"/> when absent or malformed.</summary>
    public long? Expires
    {
        get
        {
            var value = Headers.GetFirstValue(SipHeaderId.Expires);
            return value is not null && SipNumericHeader.TryParseDeltaSeconds(value, out var seconds) ? seconds : null;
        }
    }

    private bool TryGetNameAddresses(SipHeaderId id, out List<SipNameAddress> values)
    {
        values = [];
        for (var i = Headers.IndexOf(id); i >= 0; i = Headers.IndexOf(id, i + 1))
        {
            if (!SipNameAddress.TryParseList(Headers.GetValue(i), values)) return false;
        }

        return true;
    }

    private SipNameAddress? ParseNameAddress(SipHeaderId id)
    {
        var value = Headers.GetFirstValue(id);
        return value is not null && SipNameAddress.TryParse(value, out var parsed) ? parsed : null;
    }

    private T? RemoveFirstElement<T>(SipHeaderId id, Func<string, List<T>, bool> parseList)
        where T : class
    {
        var i = Headers.IndexOf(id);
        if (i < 0) return null;
        var list = new List<T>();
        if (!parseList(Headers.GetValue(i), list) || list.Count == 0) return null;
        if (list.Count == 1)
        {
            Headers.RemoveAt(i);
        }
        else
        {
            Headers.SetValue(i, JoinFrom(list, 1, null));
        }

        return list[0];
    }

    private void ReplaceFirstElement<T>(SipHeaderId id, string replacement, Func<string, List<T>, bool> parseList)
        where T : class
    {
        var i = Headers.IndexOf(id);
        if (i < 0)
        {
            Headers.Insert(0, SipHeaderNames.GetName(id), replacement);
            return;
        }

        var list = new List<T>();
        if (!parseList(Headers.GetValue(i), list) || list.Count <= 1)
        {
            Headers.SetValue(i, replacement);
            return;
        }

        Headers.SetValue(i, JoinFrom(list, 1, replacement));
    }

    private static string JoinFrom<T>(List<T> list, int start, string? first)
    {
        var builder = new System.Text.StringBuilder();
        if (first is not null) builder.Append(first);
        for (var k = start; k < list.Count; k++)
        {
            if (builder.Length > 0) builder.Append(", ");
            builder.Append(list[k]);
        }

        return builder.ToString();
    }

    internal partial void OnHeaderChanged(SipHeaderId id)
    {
        switch (id)
        {
            case SipHeaderId.CallId: _callId = null; break;
            case SipHeaderId.CSeq: _cseq = null; break;
            case SipHeaderId.From: _from = null; break;
            case SipHeaderId.To: _to = null; break;
            case SipHeaderId.Via: _vias = null; break;
        }
    }
}

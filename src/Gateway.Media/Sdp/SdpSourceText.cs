namespace Gateway.Media.Sdp;

/// <summary>
/// Remembers the exact text a typed line value (an <see cref="SdpOrigin"/>, <see cref="SdpConnection"/>,
/// <see cref="SdpBandwidth"/> or <see cref="SdpTiming"/> instance) was parsed from, when that text differs from the
/// value's canonical form (extra spaces, leading zeros). Keyed by reference: the records are immutable, so as long as
/// the very instance the parser produced is still in place the original text is still a faithful spelling of it;
/// a replaced value (even an equal one built with <c>with</c>) is written canonically. Usually empty, so nothing is
/// allocated.
/// </summary>
internal sealed class SdpSourceText
{
    private Dictionary<object, string>? _texts;

    public void Remember(object value, string text) =>
        (_texts ??= new Dictionary<object, string>(ReferenceEqualityComparer.Instance))[value] = text;

    public void Forget(object value) => _texts?.Remove(value);

    public string? Get(object value) => _texts is not null && _texts.TryGetValue(value, out var text) ? text : null;

    public void Clear() => _texts = null;

    public void CopyTo(SdpSourceText target) =>
        target._texts = _texts is null ? null : new Dictionary<object, string>(_texts, ReferenceEqualityComparer.Instance);
}

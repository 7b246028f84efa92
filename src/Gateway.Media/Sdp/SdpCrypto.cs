using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// An <c>a=crypto</c> value (RFC 4568 §9.1, SDES): <c>&lt;tag&gt; &lt;crypto-suite&gt; &lt;key-params&gt;
/// [&lt;session-params&gt;]</c>, e.g. <c>1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVe…|2^20|1:32</c>.
/// </summary>
public sealed record SdpCrypto
{
    /// <summary>Creates a crypto attribute value.</summary>
    /// <param name="tag">The tag (1–999999999) the answer echoes.</param>
    /// <param name="suite">The crypto suite, e.g. <c>AES_CM_128_HMAC_SHA1_80</c>.</param>
    /// <param name="keys">The key parameters (at least one).</param>
    /// <param name="sessionParameters">The session parameters (e.g. <c>UNENCRYPTED_SRTCP</c>), in order; none when null.</param>
    public SdpCrypto(int tag, string suite, IReadOnlyList<SdpCryptoKey> keys, IReadOnlyList<string>? sessionParameters = null)
    {
        Tag = tag;
        Suite = suite;
        Keys = keys;
        SessionParameters = sessionParameters ?? [];
    }

    /// <summary>Creates a crypto attribute value with one key.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="suite">The crypto suite.</param>
    /// <param name="key">The key parameter.</param>
    public SdpCrypto(int tag, string suite, SdpCryptoKey key)
        : this(tag, suite, [key])
    {
    }

    /// <summary>The tag.</summary>
    public int Tag { get; init; }

    /// <summary>The crypto suite name.</summary>
    public string Suite { get; init; }

    /// <summary>The key parameters, in order (usually one).</summary>
    public IReadOnlyList<SdpCryptoKey> Keys { get; init; }

    /// <summary>The session parameters, in order.</summary>
    public IReadOnlyList<string> SessionParameters { get; init; }

    /// <inheritdoc />
    public bool Equals(SdpCrypto? other) =>
        other is not null && Tag == other.Tag && Suite == other.Suite
        && SdpEquality.SequenceEqual(Keys, other.Keys) && SdpEquality.SequenceEqual(SessionParameters, other.SessionParameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tag, Suite, SdpEquality.SequenceHash(Keys));

    /// <summary>The text after <c>a=crypto:</c>.</summary>
    /// <returns>The crypto value.</returns>
    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Tag} {Suite} ");
        for (var i = 0; i < Keys.Count; i++)
        {
            if (i > 0) text.Append(';');
            text.Append(Keys[i].ToString());
        }

        foreach (var parameter in SessionParameters) text.Append(' ').Append(parameter);
        return text.ToString();
    }

    /// <summary>Parses the text after <c>a=crypto:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="crypto">The parsed value, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a valid crypto attribute value with inline keys.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpCrypto? crypto)
    {
        crypto = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var tagText) || !tokens.Next(out var suite) || !tokens.Next(out var keyParams)) return false;
        if (tagText.Length > 9 || !SdpSyntax.TryParseInt32(tagText, 999_999_999, out var tag) || !SdpSyntax.IsToken(suite)) return false;
        var keys = new List<SdpCryptoKey>(1);
        while (true)
        {
            var semicolon = keyParams.IndexOf(';');
            if (!SdpCryptoKey.TryParse(semicolon < 0 ? keyParams : keyParams[..semicolon], out var key)) return false;
            keys.Add(key);
            if (semicolon < 0) break;
            keyParams = keyParams[(semicolon + 1)..];
        }

        List<string>? sessionParameters = null;
        while (tokens.Next(out var parameter)) (sessionParameters ??= []).Add(parameter.ToString());
        crypto = new SdpCrypto(tag, suite.ToString(), keys, sessionParameters);
        return true;
    }
}

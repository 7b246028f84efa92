using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// One <c>inline:</c> key parameter of an <c>a=crypto</c> line (RFC 4568 §9.1, §6.1 for SRTP):
/// <c>inline:&lt;key||salt base64&gt;[|&lt;lifetime&gt;][|&lt;MKI value&gt;:&lt;MKI length&gt;]</c>.
/// </summary>
/// <param name="KeySalt">The base64 of the concatenated master key and master salt.</param>
/// <param name="Lifetime">The master key lifetime as written (e.g. <c>2^20</c>), when given.</param>
/// <param name="Mki">The MKI as written (<c>value:length</c>, e.g. <c>1:4</c>), when given.</param>
public sealed record SdpCryptoKey(string KeySalt, string? Lifetime = null, string? Mki = null)
{
    /// <summary>A key parameter carrying <paramref name="keySalt"/> (master key followed by master salt).</summary>
    /// <param name="keySalt">The master key and salt, concatenated.</param>
    /// <param name="lifetime">The lifetime text, if any.</param>
    /// <param name="mki">The MKI text (<c>value:length</c>), if any.</param>
    /// <returns>The key parameter.</returns>
    public static SdpCryptoKey FromKeySalt(ReadOnlySpan<byte> keySalt, string? lifetime = null, string? mki = null) =>
        new(Convert.ToBase64String(keySalt), lifetime, mki);

    /// <summary>Decodes <see cref="KeySalt"/>.</summary>
    /// <param name="keySalt">The master key followed by the master salt, or null when the text is not base64.</param>
    /// <returns>Whether it decoded.</returns>
    public bool TryGetKeySalt([NotNullWhen(true)] out byte[]? keySalt)
    {
        keySalt = null;
        var buffer = new byte[(KeySalt.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(KeySalt, buffer, out var written)) return false;
        keySalt = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>The key parameter as written in <c>a=crypto</c>.</summary>
    /// <returns><c>inline:key-salt[|lifetime][|mki]</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("inline:").Append(KeySalt);
        if (Lifetime is not null) text.Append('|').Append(Lifetime);
        if (Mki is not null) text.Append('|').Append(Mki);
        return text.ToString();
    }

    /// <summary>Parses one key parameter, <c>inline:…</c>.</summary>
    /// <param name="text">The key parameter.</param>
    /// <param name="key">The parsed key, or null.</param>
    /// <returns>Whether <paramref name="text"/> is an inline key parameter.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SdpCryptoKey? key)
    {
        key = null;
        if (!text.StartsWith("inline:", StringComparison.OrdinalIgnoreCase)) return false;
        text = text["inline:".Length..];
        var bar = text.IndexOf('|');
        var keySalt = bar < 0 ? text : text[..bar];
        if (keySalt.IsEmpty) return false;
        string? lifetime = null, mki = null;
        while (bar >= 0)
        {
            text = text[(bar + 1)..];
            bar = text.IndexOf('|');
            var part = bar < 0 ? text : text[..bar];
            if (part.IsEmpty) return false;
            if (part.Contains(':'))
            {
                if (mki is not null) return false;
                mki = part.ToString();
            }
            else
            {
                if (lifetime is not null || mki is not null) return false;
                lifetime = part.ToString();
            }
        }

        key = new SdpCryptoKey(keySalt.ToString(), lifetime, mki);
        return true;
    }
}

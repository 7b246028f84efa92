using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>An <c>a=ssrc-group</c> value (RFC 5576 §4.2): <c>&lt;semantics&gt; *(SP &lt;ssrc-id&gt;)</c>, e.g. <c>FID 1862494604 1112104850</c>.</summary>
public sealed record SdpSsrcGroup
{
    /// <summary>Creates a source group.</summary>
    /// <param name="semantics">The grouping semantics, e.g. <c>FID</c> or <c>SIM</c>.</param>
    /// <param name="ssrcs">The sources, in order.</param>
    public SdpSsrcGroup(string semantics, IReadOnlyList<uint> ssrcs)
    {
        Semantics = semantics;
        Ssrcs = ssrcs;
    }

    /// <summary>The grouping semantics.</summary>
    public string Semantics { get; init; }

    /// <summary>The sources, in order.</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; }

    /// <inheritdoc />
    public bool Equals(SdpSsrcGroup? other) =>
        other is not null && Semantics == other.Semantics && SdpEquality.SequenceEqual(Ssrcs, other.Ssrcs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Semantics, SdpEquality.SequenceHash(Ssrcs));

    /// <summary>The text after <c>a=ssrc-group:</c>.</summary>
    /// <returns>The group value.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Semantics);
        foreach (var ssrc in Ssrcs) text.Append(CultureInfo.InvariantCulture, $" {ssrc}");
        return text.ToString();
    }

    /// <summary>Parses the text after <c>a=ssrc-group:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="group">The parsed group, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a semantics token followed by 32-bit decimal SSRCs.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpSsrcGroup? group)
    {
        group = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var semantics) || !SdpSyntax.IsToken(semantics)) return false;
        var ssrcs = new List<uint>(2);
        while (tokens.Next(out var token))
        {
            if (!SdpSyntax.TryParseUInt64(token, out var id) || id > uint.MaxValue) return false;
            ssrcs.Add((uint)id);
        }

        group = new SdpSsrcGroup(semantics.ToString(), ssrcs);
        return true;
    }
}

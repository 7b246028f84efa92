using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// A session-level <c>a=group</c> value (RFC 5888 §5, BUNDLE per RFC 8843): <c>&lt;semantics&gt; *(SP &lt;mid&gt;)</c>,
/// e.g. <c>BUNDLE 0 1</c>.
/// </summary>
public sealed record SdpGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="semantics">The semantics, e.g. <c>BUNDLE</c> or <c>LS</c>.</param>
    /// <param name="mids">The identification tags (<c>a=mid</c> values) of the grouped media sections, in order.</param>
    public SdpGroup(string semantics, IReadOnlyList<string> mids)
    {
        Semantics = semantics;
        Mids = mids;
    }

    /// <summary>The semantics, e.g. <c>BUNDLE</c>.</summary>
    public string Semantics { get; init; }

    /// <summary>The grouped media sections' <c>a=mid</c> values, in order.</summary>
    public IReadOnlyList<string> Mids { get; init; }

    /// <summary>Whether this is a BUNDLE group (RFC 8843).</summary>
    public bool IsBundle => string.Equals(Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(SdpGroup? other) =>
        other is not null && Semantics == other.Semantics && SdpEquality.SequenceEqual(Mids, other.Mids);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Semantics, SdpEquality.SequenceHash(Mids));

    /// <summary>The text after <c>a=group:</c>.</summary>
    /// <returns>The group value.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Semantics);
        foreach (var mid in Mids) text.Append(' ').Append(mid);
        return text.ToString();
    }

    /// <summary>Parses the text after <c>a=group:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="group">The parsed group, or null.</param>
    /// <returns>Whether <paramref name="value"/> starts with a semantics token.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var semantics) || !SdpSyntax.IsToken(semantics)) return false;
        var mids = new List<string>(2);
        while (tokens.Next(out var mid)) mids.Add(SdpSyntax.Intern(mid));
        group = new SdpGroup(semantics.ToString(), mids);
        return true;
    }
}

using Gateway.Core.Syntax;

namespace Gateway.Core.Uris;

/// <summary>URI comparison rules: RFC 3261 §19.1.4 for SIP/SIPS, RFC 3966 §4 for tel.</summary>
internal static class SipUriEquivalence
{
    public static bool AreEqual(SipUri a, SipUri b)
    {
        if (a.Scheme != b.Scheme) return false;
        return a.Scheme switch
        {
            SipUriScheme.Sip or SipUriScheme.Sips => SipEqual(a, b),
            SipUriScheme.Tel => TelEqual(a, b),
            _ => string.Equals(a.SchemeName, b.SchemeName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.Opaque, b.Opaque, StringComparison.Ordinal),
        };
    }

    public static int GetHashCode(SipUri uri)
    {
        switch (uri.Scheme)
        {
            case SipUriScheme.Sip:
            case SipUriScheme.Sips:
                return HashCode.Combine(
                    uri.Scheme,
                    uri.RawUser is null ? 0 : StringComparer.Ordinal.GetHashCode(UriSyntax.Canonical(uri.RawUser)),
                    StringComparer.OrdinalIgnoreCase.GetHashCode(UriSyntax.HostKey(uri.Host, uri.HostKind)),
                    uri.Port);
            case SipUriScheme.Tel:
                return HashCode.Combine(
                    uri.Scheme,
                    StringComparer.OrdinalIgnoreCase.GetHashCode(UriSyntax.StripVisualSeparators(uri.User ?? string.Empty)));
            default:
                return HashCode.Combine(
                    StringComparer.OrdinalIgnoreCase.GetHashCode(uri.SchemeName),
                    StringComparer.Ordinal.GetHashCode(uri.Opaque ?? string.Empty));
        }
    }

    private static bool SipEqual(SipUri a, SipUri b)
    {
        // userinfo is case-sensitive; escaped unreserved characters equal their literal form.
        if (!CanonicalEqual(a.RawUser, b.RawUser, StringComparison.Ordinal)) return false;
        if (!CanonicalEqual(a.RawPassword, b.RawPassword, StringComparison.Ordinal)) return false;
        if (!string.Equals(UriSyntax.HostKey(a.Host, a.HostKind), UriSyntax.HostKey(b.Host, b.HostKind), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (a.Port != b.Port) return false;
        return SipParametersMatch(a.Parameters, b.Parameters) && HeadersMatch(a.Headers, b.Headers);
    }

    private static bool CanonicalEqual(string? x, string? y, StringComparison comparison)
    {
        if (x is null || y is null) return x is null && y is null;
        return string.Equals(UriSyntax.Canonical(x), UriSyntax.Canonical(y), comparison);
    }

    // Parameters present in both must match; user, ttl, method, maddr and transport must also be present in both;
    // any other parameter present in only one URI is ignored.
    private static bool SipParametersMatch(SipParameters a, SipParameters b)
    {
        if (a.Count == 0 && b.Count == 0) return true;
        var namesA = CanonicalNames(a);
        var namesB = CanonicalNames(b);
        for (var i = 0; i < namesA.Length; i++)
        {
            var j = IndexOf(namesB, namesA[i]);
            if (j < 0)
            {
                if (MustBeInBoth(namesA[i])) return false;
                continue;
            }

            if (!CanonicalEqual(a[i].Value, b[j].Value, StringComparison.OrdinalIgnoreCase)) return false;
        }

        foreach (var name in namesB)
        {
            if (MustBeInBoth(name) && IndexOf(namesA, name) < 0) return false;
        }

        return true;
    }

    private static bool MustBeInBoth(string name) =>
        name.Equals("user", StringComparison.OrdinalIgnoreCase)
        || name.Equals("ttl", StringComparison.OrdinalIgnoreCase)
        || name.Equals("method", StringComparison.OrdinalIgnoreCase)
        || name.Equals("maddr", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transport", StringComparison.OrdinalIgnoreCase);

    // Header components are never ignored: both URIs must carry the same set (names case-insensitive, values exact
    // after resolving escapes of unreserved characters).
    private static bool HeadersMatch(SipParameters a, SipParameters b)
    {
        if (a.Count != b.Count) return false;
        if (a.Count == 0) return true;
        var used = new bool[b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            var name = UriSyntax.Canonical(a[i].Name);
            var value = UriSyntax.Canonical(a[i].Value ?? string.Empty);
            var found = false;
            for (var j = 0; j < b.Count; j++)
            {
                if (used[j]) continue;
                if (!string.Equals(name, UriSyntax.Canonical(b[j].Name), StringComparison.OrdinalIgnoreCase)) continue;
                if (!string.Equals(value, UriSyntax.Canonical(b[j].Value ?? string.Empty), StringComparison.Ordinal)) continue;
                used[j] = true;
                found = true;
                break;
            }

            if (!found) return false;
        }

        return true;
    }

    // RFC 3966 §4: both global or both local; digits equal without visual separators; the same parameter names on
    // both sides, values equal (phone-context digits and ext without separators); case-insensitive throughout.
    private static bool TelEqual(SipUri a, SipUri b)
    {
        var numberA = a.User ?? string.Empty;
        var numberB = b.User ?? string.Empty;
        if (numberA.StartsWith('+') != numberB.StartsWith('+')) return false;
        if (!string.Equals(UriSyntax.StripVisualSeparators(numberA), UriSyntax.StripVisualSeparators(numberB), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (a.Parameters.Count != b.Parameters.Count) return false;
        var namesA = CanonicalNames(a.Parameters);
        var namesB = CanonicalNames(b.Parameters);
        for (var i = 0; i < namesA.Length; i++)
        {
            var j = IndexOf(namesB, namesA[i]);
            if (j < 0) return false;
            var x = TelParameterValue(namesA[i], a.Parameters[i].Value);
            var y = TelParameterValue(namesB[j], b.Parameters[j].Value);
            if (!string.Equals(x, y, StringComparison.OrdinalIgnoreCase)) return false;
        }

        return true;
    }

    private static string? TelParameterValue(string name, string? raw)
    {
        if (raw is null) return null;
        var value = UriSyntax.Unescape(raw);
        var digits = name.Equals("ext", StringComparison.OrdinalIgnoreCase)
            || (name.Equals("phone-context", StringComparison.OrdinalIgnoreCase) && value.StartsWith('+'));
        return digits ? UriSyntax.StripVisualSeparators(value) : value;
    }

    private static string[] CanonicalNames(SipParameters parameters)
    {
        var names = new string[parameters.Count];
        for (var i = 0; i < names.Length; i++) names[i] = UriSyntax.Canonical(parameters[i].Name);
        return names;
    }

    private static int IndexOf(string[] names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }
}

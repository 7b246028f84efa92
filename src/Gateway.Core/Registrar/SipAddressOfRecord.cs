using System.Diagnostics.CodeAnalysis;
using Gateway.Core.Uris;

namespace Gateway.Core.Registrar;

/// <summary>
/// The address-of-record key under which bindings are stored and looked up (RFC 3261 §10.3 step 5: "all URI
/// parameters MUST be removed … and any escaped characters MUST be converted to their unescaped form").
/// </summary>
/// <remarks>
/// <para>The normal form is <c>sip:</c> + user + <c>@</c> + host, for example <c>sip:alice@example.com</c>:</para>
/// <list type="bullet">
/// <item><c>sips:</c> becomes <c>sip:</c>: both schemes name the same resource (RFC 5630 §3.1.3), so a user
/// registered over TLS is found by a <c>sip:</c> request and vice versa.</item>
/// <item>The user part is unescaped (<c>%61lice</c> is <c>alice</c>) and lower-cased, as OpenSIPS' registrar
/// does by default (its <c>case_sensitive</c> parameter is off): RFC 3261 calls user parts case-sensitive, but
/// deployed phones and browsers disagree on the case of the very same account.</item>
/// <item>The host is lower-cased; an IPv6 reference keeps its brackets and is written in its canonical form.</item>
/// <item>The port, password, URI parameters (<c>user=phone</c>, <c>transport</c>, …) and headers are dropped: a
/// request for <c>sip:bob@example.com:5060;transport=tcp</c> reaches the bindings of <c>sip:bob@example.com</c>.</item>
/// <item>A URI without a user part normalises to <c>sip:</c> + host (a domain registration).</item>
/// </list>
/// <para>Only <c>sip:</c> and <c>sips:</c> URIs have an address-of-record (RFC 3261 §10.2: it "MUST be a SIP URI or
/// SIPS URI").</para>
/// </remarks>
public static class SipAddressOfRecord
{
    private const string Prefix = "sip:";

    /// <summary>Normalises <paramref name="uri"/>; false (never throws) when it is not a <c>sip:</c>/<c>sips:</c> URI.</summary>
    /// <param name="uri">The To URI of a REGISTER or the Request-URI of a request to look up.</param>
    /// <param name="aor">The normalised address-of-record, or <see langword="null"/>.</param>
    public static bool TryNormalize(SipUri uri, [NotNullWhen(true)] out string? aor)
    {
        ArgumentNullException.ThrowIfNull(uri);
        aor = null;
        if (uri.Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips) || uri.Host.Length == 0) return false;
        var user = uri.User;
        var host = UriSyntax.HostKey(uri.Host, uri.HostKind);
        var length = Prefix.Length + host.Length + (string.IsNullOrEmpty(user) ? 0 : user.Length + 1);
        aor = string.Create(length, (user, host), static (span, state) =>
        {
            Prefix.AsSpan().CopyTo(span);
            var at = Prefix.Length;
            if (!string.IsNullOrEmpty(state.user))
            {
                state.user.AsSpan().ToLowerInvariant(span[at..]);
                at += state.user.Length;
                span[at++] = '@';
            }

            state.host.AsSpan().ToLowerInvariant(span[at..]);
        });
        return true;
    }

    /// <summary>Normalises <paramref name="uri"/>.</summary>
    /// <param name="uri">A <c>sip:</c> or <c>sips:</c> URI.</param>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is not a <c>sip:</c> or <c>sips:</c> URI.</exception>
    public static string Normalize(SipUri uri) =>
        TryNormalize(uri, out var aor) ? aor : throw new ArgumentException("Only sip: and sips: URIs have an address-of-record.", nameof(uri));

    /// <summary>Normalises the text of a URI; false when it does not parse or is not <c>sip:</c>/<c>sips:</c>.</summary>
    /// <param name="uri">The URI text, e.g. <c>sip:Alice@Example.COM;user=phone</c>.</param>
    /// <param name="aor">The normalised address-of-record, or <see langword="null"/>.</param>
    public static bool TryNormalize(string uri, [NotNullWhen(true)] out string? aor)
    {
        ArgumentNullException.ThrowIfNull(uri);
        aor = null;
        return SipUri.TryParse(uri, out var parsed) && TryNormalize(parsed!, out aor);
    }
}

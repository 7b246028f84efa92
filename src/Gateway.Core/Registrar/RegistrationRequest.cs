namespace Gateway.Core.Registrar;

/// <summary>A REGISTER checked and reduced to what the binding update needs (RFC 3261 §10.3 steps 5–7).</summary>
internal sealed class RegistrationRequest
{
    public required string Aor { get; init; }

    public required string CallId { get; init; }

    public required uint CSeq { get; init; }

    /// <summary>True for <c>Contact: *</c> with <c>Expires: 0</c>: remove every binding.</summary>
    public bool IsWildcard { get; init; }

    /// <summary>The contacts to add, refresh or remove; empty for a query (and for <see cref="IsWildcard"/>).</summary>
    public required IReadOnlyList<RequestedContact> Contacts { get; init; }

    /// <summary>The Path values to store (RFC 3327), shared between requests with the same Path.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>True when the 200 OK must echo the Path (Path present and <c>Supported: path</c>, RFC 3327 §5.3).</summary>
    public bool EchoPath { get; init; }

    /// <summary>True when RFC 5626 outbound applied: the 200 OK carries <c>Require: outbound</c>.</summary>
    public bool Outbound { get; init; }

    public string? UserAgent { get; init; }
}

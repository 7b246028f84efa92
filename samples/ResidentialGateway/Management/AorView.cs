namespace ResidentialGateway.Management;

/// <summary>One address-of-record and its contacts.</summary>
internal sealed class AorView
{
    /// <summary>The normalised AOR.</summary>
    public required string Aor { get; init; }

    /// <summary>Its unexpired bindings.</summary>
    public required IReadOnlyList<ContactView> Contacts { get; init; }
}

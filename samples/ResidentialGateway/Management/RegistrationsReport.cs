namespace ResidentialGateway.Management;

/// <summary>GET /registrations: the location table (OpenSIPS <c>ul_dump</c>).</summary>
internal sealed class RegistrationsReport
{
    /// <summary>Addresses-of-record listed.</summary>
    public int Aors { get; init; }

    /// <summary>Contacts listed.</summary>
    public int Bindings { get; init; }

    /// <summary>True when the limit cut the list.</summary>
    public bool Truncated { get; init; }

    /// <summary>The AORs and their contacts.</summary>
    public required IReadOnlyList<AorView> Items { get; init; }
}

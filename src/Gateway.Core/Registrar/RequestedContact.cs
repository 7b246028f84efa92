using Gateway.Core.Uris;

namespace Gateway.Core.Registrar;

/// <summary>One Contact of a REGISTER, checked and with its expiry decided (RFC 3261 §10.3 step 7).</summary>
internal sealed class RequestedContact
{
    public required SipUri Uri { get; init; }

    /// <summary>The contact URI text as written.</summary>
    public required string UriText { get; init; }

    /// <summary>The interval granted, in seconds; 0 removes the binding.</summary>
    public required long Expires { get; init; }

    public double? Q { get; init; }

    public string? Instance { get; init; }

    public int? RegId { get; init; }

    /// <summary>True when RFC 5626 applies: instance and reg-id present and the client supports outbound.</summary>
    public bool Outbound { get; init; }

    public IReadOnlyList<string>? Methods { get; init; }
}

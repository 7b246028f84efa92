namespace Gateway.Core.Registrar;

/// <summary>What <c>LookupLocationAsync</c> found (OpenSIPS's <c>lookup()</c> return codes).</summary>
public enum SipLookupResult
{
    /// <summary>At least one reachable contact became a target.</summary>
    Found,
    /// <summary>The Request-URI has no user part (answer 484 "Address Incomplete").</summary>
    NoUser,
    /// <summary>No reachable binding (answer 404 "Not Found").</summary>
    NotFound,
}

namespace Gateway.Media.Ice;

/// <summary>What <see cref="IceLiteAgent.HandleStunRequest"/> did with a packet.</summary>
public enum IceCheckResult
{
    /// <summary>Not a STUN message (or its FINGERPRINT does not match, RFC 8489 §7.3): demultiplex it elsewhere.</summary>
    NotStun,

    /// <summary>A valid connectivity check: a success response with XOR-MAPPED-ADDRESS was written.</summary>
    Answered,

    /// <summary>MESSAGE-INTEGRITY did not verify with the local password: a 401 response was written.</summary>
    Unauthenticated,

    /// <summary>A request without USERNAME or MESSAGE-INTEGRITY, or for another method: a 400 response was written.</summary>
    BadRequest,

    /// <summary>A comprehension-required attribute was not understood: a 420 response was written.</summary>
    UnknownAttributes,

    /// <summary>The peer also claims the controlled role (RFC 8445 §7.3.1.1): a 487 response was written.</summary>
    RoleConflict,

    /// <summary>USERNAME is not "local-ufrag:remote-ufrag": ignored, no response (not for this agent).</summary>
    UnknownUsername,

    /// <summary>STUN, but not a request (an indication or a response), or without a required FINGERPRINT: ignored.</summary>
    Ignored,

    /// <summary>The response did not fit in the caller's buffer: nothing was written.</summary>
    ResponseBufferTooSmall,
}

namespace ResidentialGateway.Management;

/// <summary>One media session.</summary>
internal sealed class MediaSessionView
{
    /// <summary>The call's Call-ID.</summary>
    public required string CallId { get; init; }

    /// <summary>The caller's tag.</summary>
    public required string FromTag { get; init; }

    /// <summary>The callee's tag, once known.</summary>
    public string? ToTag { get; init; }

    /// <summary>When the offer created it.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When the last packet went through.</summary>
    public required DateTimeOffset LastActivity { get; init; }

    /// <summary>The relay instance that holds it.</summary>
    public string? Instance { get; init; }

    /// <summary>Both legs of every m-line.</summary>
    public required IReadOnlyList<MediaStreamView> Streams { get; init; }
}

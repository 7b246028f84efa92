namespace ResidentialGateway.Management;

/// <summary>Call counts since start.</summary>
internal sealed class CallStatisticsView
{
    /// <summary>Calls being tracked now.</summary>
    public long Active { get; init; }

    /// <summary>Initial INVITEs seen.</summary>
    public long Started { get; init; }

    /// <summary>Calls answered with a 2xx.</summary>
    public long Answered { get; init; }

    /// <summary>Calls that ended unanswered (error, CANCEL, timeout).</summary>
    public long Failed { get; init; }

    /// <summary>Answered calls ended by BYE.</summary>
    public long Completed { get; init; }

    /// <summary>Confirmed dialogs tracked now.</summary>
    public int Dialogs { get; init; }

    /// <summary>Calls the gateway ended itself because their media stopped (relay media timeout).</summary>
    public long MediaTimeouts { get; init; }
}

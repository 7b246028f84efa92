using Gateway.Core.Diagnostics;

namespace ResidentialGateway.Management;

/// <summary>GET /statistics: every counter (OpenSIPS <c>get_statistics all</c>).</summary>
internal sealed class StatisticsReport
{
    /// <summary>Requests, responses, transactions, registrations (the Gateway.Core meter's counts).</summary>
    public required SipMetricsSnapshot Sip { get; init; }

    /// <summary>Connections and messages (the Gateway.Transports meter's counts).</summary>
    public TransportStatisticsView? Transport { get; init; }

    /// <summary>Calls since start.</summary>
    public required CallStatisticsView Calls { get; init; }

    /// <summary>Relay sessions and packets.</summary>
    public required MediaStatisticsView Media { get; init; }
}

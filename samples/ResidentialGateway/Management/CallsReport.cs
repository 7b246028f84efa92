namespace ResidentialGateway.Management;

/// <summary>GET /calls: the calls being relayed (OpenSIPS <c>dlg_list</c>, from the sample's call tracker).</summary>
internal sealed class CallsReport
{
    /// <summary>Calls tracked.</summary>
    public int Count { get; init; }

    /// <summary>Confirmed dialogs the proxy tracks (it can end them with a BYE to each party).</summary>
    public int Dialogs { get; init; }

    /// <summary>True when the limit cut the list.</summary>
    public bool Truncated { get; init; }

    /// <summary>The calls.</summary>
    public required IReadOnlyList<CallView> Items { get; init; }
}

namespace Gateway.Core.Proxy;

/// <summary>Settings of the proxy core.</summary>
public sealed class SipProxyOptions
{
    /// <summary>Max-Forwards set on a relayed request that carried none (RFC 3261 §16.6 step 3). Default 70.</summary>
    public int DefaultMaxForwards { get; set; } = 70;

    /// <summary>Detect loops with the branch hash of RFC 3261 §16.3 step 4 and answer 482. Default true.</summary>
    public bool DetectLoops { get; set; } = true;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultMaxForwards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultMaxForwards, 255);
    }
}

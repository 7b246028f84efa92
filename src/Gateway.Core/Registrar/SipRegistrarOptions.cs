using Gateway.Core.Nat;

namespace Gateway.Core.Registrar;

/// <summary>Settings of <see cref="SipRegistrar"/> (OpenSIPS' <c>registrar</c> and <c>usrloc</c> module parameters).</summary>
public sealed class SipRegistrarOptions
{
    private static readonly string ProcessNodeId = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// The shortest registration accepted, in seconds (default 60). A shorter non-zero request is refused with
    /// 423 Interval Too Brief and Min-Expires (RFC 3261 §10.3 step 7). 0 accepts any interval.
    /// </summary>
    public int MinExpires { get; set; } = 60;

    /// <summary>The longest registration granted, in seconds (default 3600); longer requests are shortened to it.</summary>
    public int MaxExpires { get; set; } = 3600;

    /// <summary>The interval granted when a Contact has no <c>expires</c> parameter and there is no Expires header (default 3600).</summary>
    public int DefaultExpires { get; set; } = 3600;

    /// <summary>
    /// The most bindings one AOR may have (default 10). A REGISTER that would go beyond is refused with
    /// 403 "Too Many Registered Contacts": retrying elsewhere would not help, unlike a full store (503).
    /// </summary>
    public int MaxContactsPerAor { get; set; } = 10;

    /// <summary>
    /// Names this gateway node in the bindings it saves, so that the flow id stored with them is used only here
    /// (see <see cref="SipBinding.NodeId"/>). It must differ between nodes sharing a store and between successive
    /// runs of one node, because flow ids are only unique within a process: the default is the machine name and a
    /// random suffix chosen once per process.
    /// </summary>
    public string NodeId { get; set; } = ProcessNodeId;

    /// <summary>The seconds of Retry-After on a 503 answered because the location store is full (default 60).</summary>
    public int RetryAfterWhenFull { get; set; } = 60;

    /// <summary>Keep-alive pings towards clients registered over UDP (off by default).</summary>
    public NatKeepAliveOptions KeepAlive { get; } = new();

    /// <summary>Throws when a setting is invalid.</summary>
    public void Validate()
    {
        if (MinExpires < 0) throw new InvalidOperationException("SipRegistrarOptions.MinExpires must not be negative.");
        if (MaxExpires < 1) throw new InvalidOperationException("SipRegistrarOptions.MaxExpires must be at least 1.");
        if (MinExpires > MaxExpires) throw new InvalidOperationException("SipRegistrarOptions.MinExpires must not exceed MaxExpires.");
        if (DefaultExpires < 1) throw new InvalidOperationException("SipRegistrarOptions.DefaultExpires must be at least 1.");
        if (MaxContactsPerAor < 1) throw new InvalidOperationException("SipRegistrarOptions.MaxContactsPerAor must be at least 1.");
        if (string.IsNullOrWhiteSpace(NodeId)) throw new InvalidOperationException("SipRegistrarOptions.NodeId must not be empty.");
        if (RetryAfterWhenFull < 0) throw new InvalidOperationException("SipRegistrarOptions.RetryAfterWhenFull must not be negative.");
        KeepAlive.Validate();
    }
}

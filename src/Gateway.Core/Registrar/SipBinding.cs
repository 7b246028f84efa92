using Gateway.Core.Messages;

namespace Gateway.Core.Registrar;

/// <summary>
/// One binding of an address-of-record to a contact address (RFC 3261 §10), with what a proxy needs to reach it
/// later: where the REGISTER came from, the flow it came on, the Path, the RFC 5626 instance and reg-id, and the
/// branch flags set at save time. Immutable; a refresh stores a new instance (<c>binding with { … }</c>).
/// </summary>
/// <remarks>
/// Nothing in a binding refers to an in-process object: a shared store may serialise it as it is. The only
/// node-local value is <see cref="FlowId"/>, qualified by <see cref="NodeId"/>. Times are UTC. Kept compact
/// (times as ticks, q in thousandths, the received address inline) because a store holds a million of them.
/// </remarks>
public sealed record SipBinding
{
    private static readonly string[] NoPath = [];
    private readonly long _expiresAtTicks;
    private readonly long _updatedAtTicks;
    private readonly IReadOnlyList<string> _path = NoPath;
    private readonly int _regId = -1;
    private readonly short _q = -1;

    /// <summary>The normalised address-of-record (see <see cref="SipAddressOfRecord"/>), e.g. <c>sip:alice@example.com</c>.</summary>
    public required string Aor { get; init; }

    /// <summary>
    /// The contact URI as the client wrote it (no angle brackets, no header parameters), e.g.
    /// <c>sip:alice@df7jal23ls0d.invalid;transport=ws</c>.
    /// </summary>
    public required string Contact { get; init; }

    /// <summary>When the binding expires (UTC).</summary>
    public required DateTimeOffset ExpiresAt
    {
        get => new(_expiresAtTicks, TimeSpan.Zero);
        init => _expiresAtTicks = value.UtcTicks;
    }

    /// <summary>When the binding was added or last refreshed (UTC); the more recent wins among equal q-values.</summary>
    public DateTimeOffset UpdatedAt
    {
        get => new(_updatedAtTicks, TimeSpan.Zero);
        init => _updatedAtTicks = value.UtcTicks;
    }

    /// <summary>The <c>q</c> value (0–1, three decimals kept), or <see langword="null"/> when the client gave none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On init, a value outside 0–1.</exception>
    public double? Q
    {
        get => _q < 0 ? null : _q / 1000.0;
        init
        {
            if (value is null)
            {
                _q = -1;
                return;
            }

            if (double.IsNaN(value.Value) || value.Value is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(value), value, "q is between 0 and 1.");
            _q = (short)Math.Round(value.Value * 1000, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The Call-ID of the REGISTER that created or last refreshed the binding.</summary>
    public required string CallId { get; init; }

    /// <summary>The CSeq number of that REGISTER: a later REGISTER with the same Call-ID must carry a higher one.</summary>
    public uint CSeq { get; init; }

    /// <summary>
    /// Where the REGISTER came from (<c>fix_nated_register</c>): requests go there when <see cref="FlowId"/> is not
    /// usable. <see langword="null"/> for a binding made without a network source (e.g. provisioned).
    /// </summary>
    public SipReceivedAddress? Received { get; init; }

    /// <summary>
    /// The <see cref="Transport.SipFlow.Id"/> of the flow the REGISTER came on, meaningful only on the node named by
    /// <see cref="NodeId"/>. For a WebSocket client it is the only way back.
    /// </summary>
    public string? FlowId { get; init; }

    /// <summary>The gateway node that owns <see cref="FlowId"/> (<see cref="SipRegistrarOptions.NodeId"/>).</summary>
    public string? NodeId { get; init; }

    /// <summary>The Path header values of the REGISTER (RFC 3327), in order, each a name-addr as written; empty when none.</summary>
    public IReadOnlyList<string> Path
    {
        get => _path;
        init => _path = value ?? NoPath;
    }

    /// <summary>The <c>+sip.instance</c> value without its quotes (RFC 5626 §4.1), e.g. <c>&lt;urn:uuid:…&gt;</c>.</summary>
    public string? Instance { get; init; }

    /// <summary>The <c>reg-id</c> (RFC 5626 §4.2), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On init, a negative value.</exception>
    public int? RegId
    {
        get => _regId < 0 ? null : _regId;
        init
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "reg-id is not negative.");
            _regId = value ?? -1;
        }
    }

    /// <summary>Branch flags set when the binding was saved (the tutorial's <c>setbflag(DST_WS)</c>); lookup returns them.</summary>
    public ulong BranchFlags { get; init; }

    /// <summary>
    /// The methods the contact accepts, from its <c>methods</c> feature parameter (RFC 3840 §9) or else the
    /// REGISTER's Allow header; <see langword="null"/> when unknown, which allows every method.
    /// </summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>The User-Agent of the REGISTER, or <see langword="null"/>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>True when the binding has expired at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    public bool IsExpired(DateTimeOffset now) => now.UtcTicks >= _expiresAtTicks;

    /// <summary>Whole seconds left at <paramref name="now"/>, rounded up (0 once expired): the <c>expires</c> of a 200 OK Contact.</summary>
    /// <param name="now">The current time.</param>
    public long GetRemainingSeconds(DateTimeOffset now)
    {
        var ticks = _expiresAtTicks - now.UtcTicks;
        return ticks <= 0 ? 0 : (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }

    /// <summary>True when the contact accepts <paramref name="method"/> (always, when its methods are unknown).</summary>
    /// <param name="method">A request method.</param>
    public bool Allows(SipMethod method)
    {
        var methods = Methods;
        if (methods is null) return true;
        for (var i = 0; i < methods.Count; i++)
        {
            if (method.Equals(methods[i])) return true;
        }

        return false;
    }

    internal long ExpiresAtTicks => _expiresAtTicks;

    internal long UpdatedAtTicks => _updatedAtTicks;
}
